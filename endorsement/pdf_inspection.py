"""Refusing PDFs that carry active content: JavaScript, launch actions, embedded programs' data.

The PDF is parsed (pypdf) and every object reachable from its trailer is visited, so an action
hidden in an annotation, a form field, the name tree or an object stream is found as surely as
the document's /OpenAction. Upload checks call `active_content(file) -> str | None`.
"""

from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

#: Action types that run something: scripts, programs, or that import data into the reader.
ACTIVE_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": _("an action that launches a program"),
    "/ImportData": _("an action that imports data"),
    "/RichMediaExecute": _("an action that runs embedded media"),
}
#: Keys that hold a script wherever they appear.
SCRIPT_KEYS = {"/JS": "JavaScript", "/XFA": _("an XFA form (which runs scripts)")}
MAX_OBJECTS = 200_000


class UnreadablePdf(Exception):
    """The file starts like a PDF but cannot be parsed (damaged or password-protected)."""


def _children(obj):
    if isinstance(obj, DictionaryObject):
        return obj.items()
    if isinstance(obj, ArrayObject):
        return ((None, value) for value in obj)
    return ()


def active_content(file):
    """What active content the PDF carries, in words (e.g. "JavaScript"), or None."""
    file.seek(0)
    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadablePdf("password-protected")
        stack, seen, visited = [reader.trailer], set(), 0
        while stack:
            obj = stack.pop()
            if isinstance(obj, IndirectObject):
                key = (obj.idnum, obj.generation)
                if key in seen:
                    continue
                seen.add(key)
                obj = obj.get_object()
            visited += 1
            if visited > MAX_OBJECTS:
                raise UnreadablePdf("too many objects")
            if isinstance(obj, DictionaryObject):
                for name, what in SCRIPT_KEYS.items():
                    if name in obj:
                        return what
                action = obj.get("/S")
                if isinstance(action, NameObject) and action in ACTIVE_ACTIONS:
                    return ACTIVE_ACTIONS[action]
            for name, child in _children(obj):
                if name == "/Parent":
                    continue  # reached from the parent already
                stack.append(child)
    except UnreadablePdf:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise UnreadablePdf(str(exc)) from None
    finally:
        file.seek(0)
    return None
