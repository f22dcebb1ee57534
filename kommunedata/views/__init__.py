"""A view model per page: what the page shows, worked out from what `kommunedata.ui.data` has loaded.

Each page asks its view once (`views.temastatus.page`, `views.nettverk.page`, …, put together by
`kommunedata.ui.data`) and lays out the answer; `common` holds what several pages share. Plain
functions, no Streamlit and no database: a view takes frames, series and areas, never a connection
or a callback.
"""

from kommunedata.views import common, kart, nettverk, om_dataene, presentasjon, temastatus, utvikling  # noqa: F401
