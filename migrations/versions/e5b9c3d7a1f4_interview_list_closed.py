"""Interviews (issue 20): a congress's interviewee list can be closed (no typed names)

Revision ID: e5b9c3d7a1f4
Revises: d4a8f1c2e7b9
Create Date: 2026-12-06 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5b9c3d7a1f4'
down_revision = 'd4a8f1c2e7b9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('interview_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_closed', sa.Boolean(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_interview_settings_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interview_settings')),
    sa.UniqueConstraint('event_id', name='uq_interview_settings_event')
    )
    with op.batch_alter_table('interview_settings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interview_settings_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('interview_settings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interview_settings_event_id'))
    op.drop_table('interview_settings')
