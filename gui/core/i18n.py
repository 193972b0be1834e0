"""Marking of user-visible text in the Qt-free core.

The core cannot call ``QCoreApplication.translate``, yet its messages reach users. It marks them with
``QT_TRANSLATE_NOOP`` under the name ``pyside6-lupdate`` recognises, so the strings land in the ``.ts``
files; the UI translates the untouched source text at display time and formats it afterwards (an
already formatted string would never match a translation).
"""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    del context
    return text
