"""Print the demo logins (``python -m app.demo_logins``, called by ``make run``)."""

from app.accounts.demo import DEMO_PASSWORD, DEMO_USERS


def main() -> None:
    print("\nPress centre demo: http://127.0.0.1:8000")
    print(f"Every demo account uses the password: {DEMO_PASSWORD}")
    for email, name, role in DEMO_USERS:
        print(f"  {role:<22} {email:<34} {name}")
    print()


if __name__ == "__main__":
    main()
