"""/api/v1/calendar: coordinators issue, list, replace and revoke organisations' personal feed
links (bearer token). Routes in ``blueprint.py``."""

from __future__ import annotations

from flask.views import MethodView
from flask_babel import gettext as _
from sqlalchemy import select

from ..api.common import BEARER, abort_errors, acting_user, doc
from ..auth.tokens import require_token
from ..core.audit import audit
from ..extensions import db
from ..organizations.models import Organization
from . import services
from .models import CalendarSubscription
from .schemas import (
    IssuedSchema,
    ReplaceArgs,
    ReplacedSchema,
    RevokedCountSchema,
    SubscriptionListSchema,
    SubscriptionOnlySchema,
)


def _organization(org_id: int) -> Organization:
    org = db.session.get(Organization, org_id)
    if org is None:
        abort_errors(404, {"organization": [_("Organisasjonen finnes ikke.")]})
    return org


def _subscription(sub_id: int) -> CalendarSubscription:
    sub = db.session.get(CalendarSubscription, sub_id)
    if sub is None:
        abort_errors(404, {"subscription": [_("Abonnementet finnes ikke.")]})
    return sub


class OrganizationSubscriptions(MethodView):
    decorators = [require_token("coordinator")]

    @doc.doc(security=BEARER)
    @doc.response(200, SubscriptionListSchema)
    @doc.alt_response(404, description="No such organisation")
    def get(self, org_id: int):
        """An organisation's feed links (the tokens themselves are never shown again)"""
        org = _organization(org_id)
        subs = db.session.scalars(
            select(CalendarSubscription)
            .where(CalendarSubscription.organization_id == org.id)
            .order_by(CalendarSubscription.id)
        ).all()
        return {"subscriptions": subs}

    @doc.doc(security=BEARER)
    @doc.response(201, IssuedSchema)
    @doc.alt_response(404, description="No such organisation")
    def post(self, org_id: int):
        """Issue a new link; the token is in this answer only"""
        org = _organization(org_id)
        sub, token = services.issue_subscription(org)
        db.session.flush()
        audit("calendar.subscription_issued", sub, user=acting_user(), organization_id=org.id)
        db.session.commit()
        return {"subscription": sub, **services.feed_urls(token)}


class OrganizationRevoke(MethodView):
    decorators = [require_token("coordinator")]

    @doc.doc(security=BEARER)
    @doc.response(200, RevokedCountSchema)
    @doc.alt_response(404, description="No such organisation")
    def post(self, org_id: int):
        """Revoke every active link of an organisation"""
        count = services.revoke_organization(_organization(org_id), user=acting_user())
        db.session.commit()
        return {"revoked": count}


class SubscriptionRevoke(MethodView):
    decorators = [require_token("coordinator")]

    @doc.doc(security=BEARER)
    @doc.response(200, SubscriptionOnlySchema)
    @doc.alt_response(404, description="No such link")
    def post(self, sub_id: int):
        """Revoke one link"""
        sub = services.revoke_subscription(_subscription(sub_id), user=acting_user())
        db.session.commit()
        return {"subscription": sub}


class SubscriptionReplace(MethodView):
    decorators = [require_token("coordinator")]

    @doc.doc(security=BEARER)
    @doc.arguments(ReplaceArgs, required=False)
    @doc.response(200, ReplacedSchema)
    @doc.alt_response(404, description="No such link")
    @doc.alt_response(409, description="The link is already revoked")
    def post(self, args, sub_id: int):
        """Revoke a link and issue a new one; ``{"notify": true}`` mails it to the contact"""
        old = _subscription(sub_id)
        if not old.active:
            abort_errors(409, {"subscription": [_("Abonnementet er allerede trukket tilbake.")]})
        new, token = services.replace_subscription(old, user=acting_user())
        mailed = False
        if args.get("notify") and new.contact is not None:
            services.mail_subscription(new, token, new.contact)
            mailed = True
        db.session.commit()
        return {
            "subscription": new,
            "replaced": old,
            "mailed": mailed,
            **services.feed_urls(token),
        }
