"""The two documentation pages: Swagger UI (``/docs``) and ReDoc (``/redoc``).

Why so little HTML: both are JavaScript applications that fetch ``/openapi.json`` and render
it in the browser. The page only loads the script (and Swagger UI's stylesheet), gives it an
element to draw in and the document's URL. The scripts' URLs are parameters without
defaults: FastAPI defaults to a CDN, which a machine without internet cannot reach; the
application passes the URLs of its own offline copies (:mod:`.assets`).

Everything interpolated into the HTML is escaped for where it lands: attribute values with
:func:`html.escape`, values inside ``<script>`` as JSON with ``<``, ``>`` and ``&`` written
as ``\\u003c``... so that a title such as ``</script>`` cannot end the script early.
"""

from __future__ import annotations

import html
import json
from string import Template
from typing import Any

from chapters.ch07_dependencies import HTMLResponse

__all__ = ["get_redoc_html", "get_swagger_ui_html", "swagger_ui_default_parameters"]

#: Swagger UI's options unless the application overrides them (FastAPI's defaults).
swagger_ui_default_parameters: dict[str, Any] = {
    "dom_id": "#swagger-ui",
    "layout": "BaseLayout",
    "deepLinking": True,
    "showExtensions": True,
    "showCommonExtensions": True,
}

SWAGGER_UI_PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<link rel="stylesheet" type="text/css" href="$css_url">
<link rel="icon" type="image/png" href="$favicon_url">
</head>
<body>
<div id="swagger-ui"></div>
<script src="$js_url"></script>
<script>
const options = $options;
options.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
const ui = SwaggerUIBundle(options);
</script>
</body>
</html>
""")

REDOC_PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<link rel="icon" type="image/png" href="$favicon_url">
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<noscript>ReDoc needs JavaScript to render the API documentation.</noscript>
<redoc spec-url="$openapi_url"></redoc>
<script src="$js_url"></script>
</body>
</html>
""")


def script_json(value: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``</script>``, no ``<!--``, no entity."""
    text = json.dumps(value)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def get_swagger_ui_html(
    *,
    openapi_url: str,
    title: str,
    swagger_js_url: str,
    swagger_css_url: str,
    swagger_favicon_url: str,
    swagger_ui_parameters: dict[str, Any] | None = None,
) -> HTMLResponse:
    """The Swagger UI page for the document at ``openapi_url`` (Swagger UI 5 reads 3.1)."""
    options = {"url": openapi_url, **swagger_ui_default_parameters, **(swagger_ui_parameters or {})}
    page = SWAGGER_UI_PAGE.substitute(
        title=html.escape(title),
        css_url=html.escape(swagger_css_url),
        favicon_url=html.escape(swagger_favicon_url),
        js_url=html.escape(swagger_js_url),
        options=script_json(options),
    )
    return HTMLResponse(page)


def get_redoc_html(
    *, openapi_url: str, title: str, redoc_js_url: str, redoc_favicon_url: str
) -> HTMLResponse:
    """The ReDoc page for the document at ``openapi_url`` (no web fonts: nothing remote)."""
    page = REDOC_PAGE.substitute(
        title=html.escape(title),
        favicon_url=html.escape(redoc_favicon_url),
        openapi_url=html.escape(openapi_url),
        js_url=html.escape(redoc_js_url),
    )
    return HTMLResponse(page)
