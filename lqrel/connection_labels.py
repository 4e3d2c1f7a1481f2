"""Display names of the application log's customer types (``ct_<type>``) and stages (``st_<stage>``), in
simplified Chinese and English: part of the report's labels (:mod:`lqrel.report.i18n`) and of ``lqrel connect``'s
listing (:func:`lqrel.connection.listing_lines`). They live in the catalogue (:mod:`lqrel.messages.report`)."""

from lqrel.messages.report import CONNECTION

CONNECTION_LABELS: dict[str, dict[str, str]] = {lang: {code: names[lang] for code, names in CONNECTION.items()}
                                                for lang in ("zh", "en")}
