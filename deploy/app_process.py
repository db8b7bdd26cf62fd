"""One app process: `python -m deploy.app_process run app.py [options]`, a drop-in for `python -m streamlit`.

Why not plain `streamlit run`: this app's pages live in `pages/`, and Streamlit 1.67 decides once per process, on its
first session, whether that folder means its old pages-folder mode (`PagesManager.uses_pages_directory`). The first
script run after a start therefore navigates by file names, does not know `/map`, and sends "Page not found" over the
right page; its own `st.navigation` call then switches the mode off for the rest of the process (streamlit/streamlit
#8860, #9992). Every later session is fine, so a shared link opened just after a start or a restart is the one that
fails. Switching the mode off before the server starts, as `st.navigation` itself does, makes the first run like the
rest. Renaming `pages/` would do the same, but every branch of this project edits that folder.
"""

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web.cli import main

if __name__ == "__main__":
    if not hasattr(PagesManager, "uses_pages_directory"):  # a Streamlit upgrade changed it: fail loudly, not silently
        sys.exit("deploy/app_process.py: streamlit.runtime.pages_manager.PagesManager.uses_pages_directory is gone")
    PagesManager.uses_pages_directory = False  # what st.navigation() sets on its first call
    main(prog_name="streamlit")
