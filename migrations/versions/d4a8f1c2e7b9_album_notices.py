"""Automatic notice of a new media album (issue 21): a setting per congress, off by default

Revision ID: d4a8f1c2e7b9
Revises: c7e1a9d3f5b2
Create Date: 2026-12-06 00:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4a8f1c2e7b9'
down_revision = 'c7e1a9d3f5b2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notice_settings', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('auto_album_published', sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table('notice_settings', schema=None) as batch_op:
        batch_op.drop_column('auto_album_published')
