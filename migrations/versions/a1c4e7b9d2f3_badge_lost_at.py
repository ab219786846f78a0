"""A badge version replaced because it was reported lost (issue 22): badges.lost_at

A scan of such a copy raises the duty officer's alarm (app/checkin/services.py), online
and, through the gate pack's flag 8, offline.

Revision ID: a1c4e7b9d2f3
Revises: f3b7c2d9a4e1
Create Date: 2026-12-05 11:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1c4e7b9d2f3'
down_revision = 'f3b7c2d9a4e1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('badges', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lost_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('badges', schema=None) as batch_op:
        batch_op.drop_column('lost_at')
