"""The year's ITA framework in users' hands: stored framework versions and the workbench (docs/frameworks.md).

Every other app reads frameworks through ``selectors.framework_registry()``: the built-in years, the files of
``PRONGSAI_FRAMEWORK_PATH``, then the versions stored here, which win.
"""
