"""`vitrina serve`: a live preview of an exhibition in the browser.

The top of the layer stack: it drives the build orchestrator (vitrina.build) and nothing
in vitrina imports it. The pieces, one job each:

- ``worker``: a long-lived process that runs ``vitrina.build.build`` (the same locked,
  atomic path as ``vitrina build``) on request, so WeasyPrint, fonts and map data stay
  loaded between rebuilds;
- ``pages``: page images (PNG) of the output PDFs, drawn with pypdfium2 and kept per PDF
  digest;
- ``state``: what the preview page shows, worked out from the output folder, the last
  build's preflight and the exhibition's panels;
- ``engine``: the thread that turns saved files into builds and new state;
- ``watch``: watches the exhibition's files (watchfiles);
- ``http``: the local web server (standard library), with its own page in ``static/``.
"""

from vitrina.serve.app import serve

__all__ = ["serve"]
