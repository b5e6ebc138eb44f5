"""The form and UI macros render every field type with label, hint, error and ARIA links."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired

from netmgr.web.paging import Page


class SampleForm(FlaskForm):
    class Meta:
        csrf = False

    title = StringField(
        "Tittel", validators=[DataRequired("Skriv en tittel.")], description="Kort og beskrivende"
    )
    notes = TextAreaField("Notat")
    kind = SelectField("Type", choices=[("a", "A"), ("b", "B")])
    agree = BooleanField("Godtar", validators=[DataRequired("Kryss av.")])
    mode = RadioField(
        "Sted", choices=[("x", "X"), ("y", "Y")], validators=[DataRequired("Velg sted.")]
    )


def render(app, source, **context):
    with app.test_request_context("/events"):
        return app.jinja_env.from_string(source).render(**context)


def test_fields_with_errors_are_linked_and_summarised(app):
    with app.test_request_context("/", method="POST", data={"title": ""}):
        form = SampleForm()
        assert not form.validate()
        html = app.jinja_env.from_string(
            '{% import "macros/forms.html" as forms %}{{ forms.error_summary(form) }}'
            "{{ forms.field(form.title) }}{{ forms.field(form.notes, optional=true) }}"
            "{{ forms.field(form.kind) }}{{ forms.field(form.agree, optional=true) }}"
            "{{ forms.field(form.mode) }}"
        ).render(form=form)
    assert 'aria-describedby="title-hint title-error"' in html
    assert 'aria-invalid="true"' in html and 'id="title-error"' in html
    assert '<a class="ds-link" href="#title">Tittel: Skriv en tittel.</a>' in html
    assert 'href="#agree"' in html and 'href="#mode-0"' in html  # radios link to the first
    assert "(valgfritt)" in html
    assert '<legend class="ds-label">Sted</legend>' in html
    assert html.count('<label class="ds-label" for="') >= 4


def test_pagination_window_and_links(app):
    page = Page(items=[], page=5, per_page=10, total=200)
    assert page.window() == [1, None, 3, 4, 5, 6, 7, None, 20]
    html = render(app, '{% import "macros/ui.html" as ui %}{{ ui.pagination(page) }}', page=page)
    assert 'href="/events?page=4" rel="prev"' in html and 'aria-current="page"' in html
    assert (
        render(
            app,
            '{% import "macros/ui.html" as ui %}{{ ui.pagination(p) }}',
            p=Page(items=[], page=1, per_page=10, total=5),
        ).strip()
        == ""
    )


def test_status_tags_and_empty_state(app):
    html = render(
        app,
        '{% import "macros/ui.html" as ui %}{{ ui.status_tag("cancelled") }}'
        '{{ ui.empty_state("Tomt", "Gjør noe", "/x", "Gå") }}',
    )
    assert 'data-color="danger">Avlyst</span>' in html
    assert "Tomt" in html and 'href="/x"' in html
