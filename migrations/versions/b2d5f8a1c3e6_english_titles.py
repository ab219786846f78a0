"""English titles and summaries for foreign reporters (issue 16): conferences and releases

Optional; shown (and put in the feeds) when the reader's language is English. A correction of
a release carries them too, so a wrong English title can be corrected like the Vietnamese.

Revision ID: b2d5f8a1c3e6
Revises: a1c4e7b9d2f3
Create Date: 2026-12-05 12:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b2d5f8a1c3e6'
down_revision = 'a1c4e7b9d2f3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_en', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('description_en', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('releases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_en', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('summary_en', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('release_corrections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_en', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('summary_en', sa.Text(), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('release_corrections', schema=None) as batch_op:
        batch_op.drop_column('summary_en')
        batch_op.drop_column('title_en')
    with op.batch_alter_table('releases', schema=None) as batch_op:
        batch_op.drop_column('summary_en')
        batch_op.drop_column('title_en')
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.drop_column('description_en')
        batch_op.drop_column('title_en')
