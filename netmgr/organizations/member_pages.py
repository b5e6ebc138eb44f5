"""The member part of the coordinator's network and group pages: the "add member" form with
its organisation search, adding, and ending a membership (the row is kept as history).

Each feature keeps its routes, its detail template and its audit names
(``<feature>.member_added``, ``<feature>.member_ended``); :class:`MemberPages` does the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import DataRequired, Optional

from ..extensions import db
from ..web.errors import get_or_404
from ..web.forms import save_and_redirect
from . import memberships
from .models import Organization


class MemberForm(FlaskForm):
    organization = SelectField(
        _l("Organisasjon"),
        coerce=int,
        validate_choice=False,
        validators=[DataRequired(_l("Velg en organisasjon."))],
    )
    joined_on = DateField(_l("Medlem fra"), validators=[Optional()])

    FIELD_FOR = {"organization_id": "organization"}


class EndMembershipForm(FlaskForm):
    left_on = DateField(_l("Siste dag som medlem"), validators=[Optional()])

    FIELD_FOR = {}


@dataclass(frozen=True)
class MemberPages:
    """Member handling for the memberships ``model`` whose owner column is ``owner``.

    ``template`` is the feature's detail page (it gets the owner under its feature name,
    ``memberships``, ``member_form``, ``q``, ``truncated``, ``max_choices`` and whatever
    ``context()`` adds); ``detail_endpoint`` is where a successful change goes.
    """

    model: type
    owner: str
    detail_endpoint: str
    template: str
    context: Callable[[], dict] = dict

    @property
    def feature(self) -> str:
        return self.owner.removesuffix("_id")

    def render(self, owner_obj, max_choices: int, q: str = "", form=None, status: int = 200):
        """The detail page with its member list and "add member" form (``form`` when given,
        with its errors, else a fresh one for the search ``q``)."""
        form = form or self.form(owner_obj, q, max_choices)
        page = render_template(
            self.template,
            **{self.feature: owner_obj},
            memberships=memberships.page_rows(self.model, self.owner, owner_obj.id),
            member_form=form,
            q=q,
            truncated=getattr(form, "truncated", False),
            max_choices=max_choices,
            **self.context(),
        )
        return page, status

    def form(self, owner_obj, q: str, max_choices: int) -> MemberForm:
        """The "add member" form offering active non-members matching ``q`` (at most
        ``max_choices``; ``form.truncated`` tells that there were more)."""
        form = MemberForm()
        current = {m.organization_id for m in owner_obj.memberships if m.left_on is None}
        orgs = memberships.search_organizations(q, exclude_ids=current, limit=max_choices + 1)
        form.truncated = len(orgs) > max_choices
        form.organization.choices = [(0, _("Velg organisasjon"))] + [
            (o.id, f"{o.display_name} ({o.org_number or o.municipality_number or '–'})")
            for o in orgs[:max_choices]
        ]
        return form

    def _page(self, owner_obj) -> str:
        return url_for(self.detail_endpoint, **{self.owner: owner_obj.id})

    def _back(self, owner_obj):
        return redirect(self._page(owner_obj))

    def _save(self, form, action, message: str, owner_obj, change: str, org: Organization):
        """Run ``action``; on success audit ``<feature>.<change>``, commit, back to the page."""
        audit_as = f"{self.feature}.{change}"
        return save_and_redirect(
            form, action, message, self._page, owner_obj, audit_as, organization=org.id
        )

    def add(self, owner_obj, max_choices: int):
        """POST of the "add member" form."""
        q = (request.form.get("q") or "").strip()
        form = self.form(owner_obj, q, max_choices)
        if form.validate_on_submit():
            org = db.session.get(Organization, form.organization.data)
            if org is None:
                form.organization.errors = [_("Velg en organisasjon fra listen.")]
            else:
                joined_on = form.joined_on.data
                saved = self._save(
                    form,
                    lambda: memberships.add_member(
                        self.model, self.owner, owner_obj, org, joined_on
                    ),
                    _("%(name)s er lagt til som medlem.", name=org.name),
                    owner_obj,
                    "member_added",
                    org,
                )
                if saved:
                    return saved
        return self.render(owner_obj, max_choices, q, form, 422)

    def end(self, owner_obj, membership_id: int, max_choices: int):
        """POST of a membership's "end" button (with an optional last day)."""
        membership = get_or_404(self.model, membership_id)
        if getattr(membership, self.owner) != owner_obj.id:
            return self._back(owner_obj)
        if membership.left_on is not None:  # already ended (a second click, another tab)
            flash(_("Medlemskapet er allerede avsluttet."), "info")
            return self._back(owner_obj)
        form = EndMembershipForm()
        if form.validate_on_submit():
            org, left_on = membership.organization, form.left_on.data
            saved = self._save(
                form,
                lambda: memberships.end_membership(
                    self.model, self.owner, owner_obj.id, org, left_on
                ),
                _("Medlemskapet til %(name)s er avsluttet.", name=org.name),
                owner_obj,
                "member_ended",
                org,
            )
            if saved:
                return saved
        for message in [*form.form_errors, *(m for errs in form.errors.values() for m in errs)]:
            flash(message, "error")
        return self.render(owner_obj, max_choices, status=422)
