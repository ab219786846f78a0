"""Data of the demo decoration work (a provincial congress), in Vietnamese."""

# fmt: off
UNITS = [  # (name, contact person, phone)
    ("Ban Tuyên giáo Tỉnh ủy", "Nguyễn Thị Hồng", "0203 3825 111"),
    ("Văn phòng Tỉnh ủy", "Trần Văn Bình", "0203 3825 222"),
    ("Sở Văn hóa, Thể thao và Du lịch", "Lê Thị Thanh", "0203 3825 333"),
    ("Sở Thông tin và Truyền thông", "Phạm Quốc Huy", "0203 3825 444"),
    ("Sở Xây dựng", "Đỗ Minh Tuấn", "0203 3825 555"),
    ("Công an tỉnh", "Vũ Đức Thắng", "0203 3825 666"),
    ("Điện lực tỉnh", "Hoàng Văn Long", "0203 3825 777"),
    ("UBND thành phố", "Bùi Thị Nga", "0203 3825 888"),
    ("Đài Phát thanh và Truyền hình tỉnh", "Ngô Thanh Sơn", "0203 3825 999"),
    ("Công ty Chiếu sáng đô thị", "Đặng Văn Hải", "0203 3826 111"),
    ("Công ty Công viên cây xanh", "Lý Thị Hoa", "0203 3826 222"),
    ("Tỉnh đoàn", "Trịnh Quang Vinh", "0203 3826 333"),
]
LOCATIONS = [  # (name, kind, address)
    ("Hội trường Trung tâm Hội nghị tỉnh", "hall", "Số 1 đường Trần Hưng Đạo"),
    ("Cổng chính Trung tâm Hội nghị tỉnh", "gate", "Mặt đường Trần Hưng Đạo"),
    ("Cổng phụ Trung tâm Hội nghị tỉnh", "gate", "Phía đường Lê Lợi"),
    ("Trung tâm báo chí", "press_centre", "Tầng 1, nhà B Trung tâm Hội nghị tỉnh"),
    ("Đường Trần Hưng Đạo", "street", "Từ ngã tư Bưu điện đến Trung tâm Hội nghị"),
    ("Đường Lê Lợi", "street", "Từ cầu Sông Cầu đến Quảng trường tỉnh"),
    ("Đường Nguyễn Du", "street", "Tuyến đón đoàn đại biểu từ ga đến Trung tâm Hội nghị"),
    ("Quảng trường tỉnh", "other", "Trước trụ sở Tỉnh ủy"),
]
CATEGORIES = [
    "Pano, áp phích", "Băng rôn", "Cờ Tổ quốc, cờ Đảng", "Khẩu hiệu", "Phông sân khấu", "Hoa, thảm hoa",
    "Đèn LED, màn hình LED", "Cổng chào điện tử", "Âm thanh", "Bục phát biểu", "Ghế hội trường",
    "Chiếu sáng đường phố",
]
CULTURE, PROPAGANDA, OFFICE = "Sở Văn hóa, Thể thao và Du lịch", "Ban Tuyên giáo Tỉnh ủy", "Văn phòng Tỉnh ủy"
PARKS, LIGHTING, TV = "Công ty Công viên cây xanh", "Công ty Chiếu sáng đô thị", "Đài Phát thanh và Truyền hình tỉnh"
POWER, CITY, INFO = "Điện lực tỉnh", "UBND thành phố", "Sở Thông tin và Truyền thông"

STANDARD_TEMPLATE = "Mẫu chuẩn trang trí khánh tiết Đại hội"
STREET_TEMPLATE = "Trang trí tuyến phố chính"
GATE_TEMPLATE = "Trang trí cổng ra vào"
TEMPLATES = {  # name: (description, [(title, quantity, spec, category, default unit, days before, priority)])
    STANDARD_TEMPLATE: ("Các đầu việc trang trí hội trường Đại hội theo kế hoạch của Tiểu ban Tuyên truyền – Khánh tiết.", [
        ("Phông sân khấu chính", 1, "phông 18×7 m, in bạt hiflex, chữ theo mẫu được duyệt", "Phông sân khấu", CULTURE, 5, 1),
        ("Cờ Đảng, cờ Tổ quốc trên sân khấu", 2, "cờ 3×4,5 m, vải lụa", "Cờ Tổ quốc, cờ Đảng", PROPAGANDA, 3, 1),
        ("Bục phát biểu và tượng Bác", 1, "bục có huy hiệu Đảng, bục tượng phủ vải đỏ", "Bục phát biểu", OFFICE, 3, 1),
        ("Hoa trang trí sân khấu và bục", 12, "lẵng hoa tươi tông đỏ – vàng", "Hoa, thảm hoa", PARKS, 1, 2),
        ("Màn hình LED hai bên sân khấu", 2, "màn hình LED P3, 4×3 m", "Đèn LED, màn hình LED", TV, 4, 1),
        ("Hệ thống âm thanh hội trường", 1, "hệ thống, chạy thử hai buổi", "Âm thanh", TV, 3, 1),
        ("Ghế đại biểu và biển tên đoàn", 350, "ghế bọc vải đỏ, biển tên mica", "Ghế hội trường", OFFICE, 2, 2),
        ("Pano tuyên truyền Đại hội", 4, "pano 4×8 m, khung sắt", "Pano, áp phích", CULTURE, 10, 2),
        ("Băng rôn chào mừng Đại hội", 20, "băng rôn 0,8×8 m", "Băng rôn", CULTURE, 7, 2),
        ("Khẩu hiệu theo danh mục chính thức", 6, "khẩu hiệu chữ vàng nền đỏ", "Khẩu hiệu", PROPAGANDA, 7, 2),
        ("Cổng chào điện tử", 1, "cổng LED 12×6 m", "Cổng chào điện tử", LIGHTING, 5, 1),
        ("Thảm hoa trước sảnh", 1, "thảm hoa 10×20 m", "Hoa, thảm hoa", PARKS, 2, 2),
        ("Đèn LED hoa trang trí", 40, "bộ đèn LED hoa sen, hoa mai", "Đèn LED, màn hình LED", LIGHTING, 6, 3),
        ("Kiểm tra điện dự phòng", 1, "máy phát 250 kVA, chạy thử", "Chiếu sáng đường phố", POWER, 2, 1),
    ]),
    STREET_TEMPLATE: ("Cờ, băng rôn, pano, đèn trang trí và chiếu sáng dọc các tuyến phố chính.", [
        ("Cờ Tổ quốc, cờ Đảng dọc tuyến", 200, "cặp cờ trên cột đèn", "Cờ Tổ quốc, cờ Đảng", CITY, 7, 2),
        ("Băng rôn ngang đường", 10, "băng rôn 0,8×12 m", "Băng rôn", CITY, 7, 2),
        ("Pano cỡ lớn tại nút giao", 2, "pano 6×12 m, chiếu sáng ban đêm", "Pano, áp phích", "Sở Xây dựng", 10, 2),
        ("Đèn LED hoa trên cột đèn", 60, "bộ đèn LED hoa mai", "Đèn LED, màn hình LED", LIGHTING, 6, 3),
        ("Chiếu sáng đường phố", 120, "cột đèn kiểm tra, thay bóng hỏng", "Chiếu sáng đường phố", POWER, 5, 2),
        ("Chỉnh trang, vệ sinh tuyến phố", 1, "tuyến, cắt tỉa cây xanh", "Hoa, thảm hoa", PARKS, 3, 3),
        ("Khẩu hiệu trên dải phân cách", 8, "khẩu hiệu chữ nổi", "Khẩu hiệu", PROPAGANDA, 7, 3),
        ("Áp phích tại điểm chờ xe buýt", 15, "áp phích 1,2×1,8 m", "Pano, áp phích", CULTURE, 8, 3),
    ]),
    GATE_TEMPLATE: ("Trang trí và biển chỉ dẫn tại các cổng ra vào Trung tâm Hội nghị.", [
        ("Băng rôn trên cổng", 1, "băng rôn 1×10 m", "Băng rôn", CULTURE, 6, 2),
        ("Cờ Tổ quốc, cờ Đảng hai bên cổng", 10, "cặp cờ 1,2×1,8 m", "Cờ Tổ quốc, cờ Đảng", OFFICE, 4, 2),
        ("Chậu hoa hai bên lối vào", 20, "chậu hoa cúc vàng", "Hoa, thảm hoa", PARKS, 1, 3),
        ("Đèn chiếu sáng cổng", 6, "đèn pha LED 200 W", "Chiếu sáng đường phố", POWER, 3, 2),
        ("Biển kiểm soát ra vào", 2, "biển 0,6×1,2 m, khu vực kiểm soát thẻ", "Pano, áp phích", "Công an tỉnh", 2, 1),
    ]),
}
APPLIED = [  # (template, location)
    (STANDARD_TEMPLATE, "Hội trường Trung tâm Hội nghị tỉnh"),
    (STREET_TEMPLATE, "Đường Trần Hưng Đạo"),
    (STREET_TEMPLATE, "Đường Lê Lợi"),
    (STREET_TEMPLATE, "Đường Nguyễn Du"),
    (GATE_TEMPLATE, "Cổng chính Trung tâm Hội nghị tỉnh"),
    (GATE_TEMPLATE, "Cổng phụ Trung tâm Hội nghị tỉnh"),
]
EXTRA_TASKS = [  # (location, title, quantity, spec, category, unit, days before)
    ("Cổng chính Trung tâm Hội nghị tỉnh", "Cổng chào hơi", 1, "cổng hơi 10 m", "Cổng chào điện tử", "Tỉnh đoàn", 4),
    ("Cổng chính Trung tâm Hội nghị tỉnh", "Phương án phân luồng, biển cấm đỗ xe", 12, "biển cấm đỗ", "Pano, áp phích", "Công an tỉnh", 2),
    ("Trung tâm báo chí", "Phông nền khu họp báo", 1, "phông 6×3 m", "Phông sân khấu", INFO, 4),
    ("Trung tâm báo chí", "Màn hình truyền hình trực tiếp", 3, "màn hình 65 inch", "Đèn LED, màn hình LED", TV, 3),
    ("Trung tâm báo chí", "Âm thanh phòng họp báo", 1, "hệ thống micro không dây", "Âm thanh", INFO, 2),
    ("Trung tâm báo chí", "Bục phát biểu phòng họp báo", 1, "bục gỗ có logo Đại hội", "Bục phát biểu", OFFICE, 2),
    ("Quảng trường tỉnh", "Pano ảnh thành tựu nhiệm kỳ", 12, "pano 2,4×3,6 m", "Pano, áp phích", CULTURE, 8),
    ("Quảng trường tỉnh", "Thảm hoa chữ Đại hội", 1, "thảm hoa 8×15 m", "Hoa, thảm hoa", PARKS, 2),
    ("Quảng trường tỉnh", "Cờ Tổ quốc, cờ Đảng quanh quảng trường", 60, "cờ 1,2×1,8 m", "Cờ Tổ quốc, cờ Đảng", CITY, 5),
    ("Quảng trường tỉnh", "Màn hình LED truyền hình trực tiếp khai mạc", 1, "màn hình LED 6×4 m", "Đèn LED, màn hình LED", TV, 2),
    ("Trung tâm báo chí", "Biển tên Trung tâm báo chí", 1, "biển 1,2×4 m, chữ nổi", "Pano, áp phích", INFO, 5),
    ("Trung tâm báo chí", "Hoa, cờ để bàn khu tiếp đón phóng viên", 4, "lọ hoa và cờ để bàn", "Hoa, thảm hoa", INFO, 1),
]
# fmt: on
COMMENTS = [
    "Đã liên hệ đơn vị in, dự kiến giao hàng chiều nay.",
    "Đề nghị kiểm tra lại màu chữ theo mẫu đã duyệt.",
    "Đã chạy thử, chất lượng tốt.",
]
