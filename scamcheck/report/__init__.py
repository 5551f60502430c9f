"""The evidence report: an exported inbox as one HTML page to hand over with a complaint.

``facts`` gathers what the scored messages show (per counterpart: counts, days, nights,
every unlawful or scam message); ``chart`` turns a counterpart's days into SVG geometry;
``render`` writes the page (``templates/report.html.j2``) and the JSON; ``provenance``
hashes the inputs and names the scamcheck that judged them; ``build`` runs it all for
``scamcheck report``.
"""
