"""Speed (issue 18): the review queue's index (congress, status, submission time)

Revision ID: b7e2c4a9d1f6
Revises: e5b9c3d7a1f4
Create Date: 2026-12-06 20:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b7e2c4a9d1f6'
down_revision = 'e5b9c3d7a1f4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index(
            'ix_applications_event_status_submitted', ['event_id', 'status', 'submitted_at'], unique=False
        )


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_event_status_submitted')
