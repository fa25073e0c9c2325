"""What every course widget shares: one ES module, two hosts.

In Jupyter the anywidget view renders the module with a live model.  Beside that view, each
widget's MIME bundle carries a ``text/html`` mount: an element naming the widget, with its
state as JSON.  The built book prefers ``text/html`` (see ``_config.yml``), and
``casebook-boot.js`` renders the same module there with no kernel.
"""

from __future__ import annotations

import hashlib
import html
import json

import anywidget
import traitlets as t


def state_json(state: dict) -> str:
    """Serialise widget state for a ``<script type="application/json">`` tag.

    ``<`` is escaped as ``\\u003c`` so no value can close the script element.
    """
    return json.dumps(state, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")


def fingerprint(*parts) -> str:
    """A short, stable hash of what an answerable item asks (its text and its key).

    Saved answers carry it: an answer whose item still has the same fingerprint is restored
    silently; one whose item changed is set aside with a notice, never applied blindly.
    """
    text = "\u241f".join(str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


class CourseWidget(anywidget.AnyWidget):
    """Base class: subclasses set ``_widget_name`` and ``_esm`` and list their ``_static_keys``."""

    _widget_name = ""
    # The trait that names the exercise: its answers are saved under "casebook:<widget>:<id>".
    _id_trait = ""
    _static_keys: tuple[str, ...] = ()
    _fallback_text = "This exercise needs JavaScript; its static version follows on the page."

    @property
    def storage_id(self) -> str:
        """The id this exercise's answers and last Check are saved under in the browser."""
        return getattr(self, self._id_trait)

    def static_state(self) -> dict:
        """The state the kernel-free host needs, read from the synced traits."""
        return {name: getattr(self, name) for name in self._static_keys}

    def static_html(self) -> str:
        """The ``text/html`` mount the built book renders without a kernel."""
        name = html.escape(self._widget_name, quote=True)
        return (
            f'<div class="casebook-mount" data-casebook-widget="{name}">'
            f'<script type="application/json">{state_json(self.static_state())}</script>'
            f"<noscript><p>{html.escape(self._fallback_text)}</p></noscript></div>"
        )

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        data = dict(data)
        data["text/html"] = self.static_html()
        return data, metadata


class ClaimExerciseWidget(CourseWidget):
    """What the claim sorter and the claim grader share: one exercise of ``exercises.yml``,
    its stated question and date, its claim cards and the scale's words."""

    _exercise_keys = ("exercise_id", "title", "prompt", "question", "as_of", "as_of_label",
                      "bank_version", "claims", "scale")

    exercise_id = t.Unicode().tag(sync=True)
    title = t.Unicode().tag(sync=True)
    prompt = t.Unicode().tag(sync=True)
    question = t.Unicode().tag(sync=True)
    as_of = t.Unicode().tag(sync=True)
    as_of_label = t.Unicode().tag(sync=True)
    bank_version = t.Unicode().tag(sync=True)
    claims = t.List(t.Dict()).tag(sync=True)
    scale = t.Dict().tag(sync=True)


def bundled_esm(name: str) -> str:
    """A widget's ES module with its helper files inlined (see ``widgets/bundle.py``)."""
    from .bundle import esm_module

    return esm_module(name)
