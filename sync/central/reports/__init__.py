"""The regional admin's reports over what the centre has received.

Every report is a plain function ``build(engine, params) -> Report`` registered under a name in
:data:`sync.central.reports.base.REGISTRY`. The same :class:`~sync.central.reports.base.Report`
value is rendered to PDF, CSV or XLSX for ``nttmart central report`` and to HTML by the web
console, so a page and its download always show the same figures.
"""
