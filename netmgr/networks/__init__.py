"""Thematic networks (bygg, velferdsteknologi, digitale løsninger …) and their members."""


def init_app(app):
    from ..core.signals import organization_deleting
    from .organization_refs import refuse_member_deletion

    organization_deleting.connect(refuse_member_deletion, weak=False)
