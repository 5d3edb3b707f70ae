"""QuickSelect writes the same <select> as Django's template-rendered Select."""

from html.parser import HTMLParser

from django import forms
from hypothesis import given
from hypothesis import strategies as st

from gilde.core.forms import QuickSelect


class Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.seen = []

    def handle_starttag(self, tag, attrs):
        self.seen.append(("start", tag, sorted(attrs)))

    def handle_endtag(self, tag):
        self.seen.append(("end", tag))

    def handle_data(self, data):
        if data.strip():
            self.seen.append(("text", data.strip()))


def elements(html: str) -> list:
    parser = Elements()
    parser.feed(html)
    return parser.seen


labels = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12)
choices = st.lists(st.tuples(st.text("abc<&\"'", max_size=4), labels), max_size=6)


@given(choices=choices, grouped=st.booleans(), pick=st.integers(0, 6), required=st.booleans())
def test_the_same_elements_attributes_and_words_as_djangos_select(choices, grouped, pick, required):
    if grouped:
        choices = [("Groep <één>", choices), ("", "Los")]
    value = choices[pick % len(choices)][0] if choices and not grouped else None
    attrs = {"id": "id_x", "class": "wide", "required": required}
    ours = QuickSelect(attrs=attrs, choices=choices).render("x", value)
    django = forms.Select(attrs=attrs, choices=choices).render("x", value)
    assert elements(ours) == elements(django)


def test_a_chosen_option_is_selected():
    html = QuickSelect(choices=[("", "Alle"), ("a", "A & B")]).render("x", "a")
    assert '<option value="a" selected>A &amp; B</option>' in html
