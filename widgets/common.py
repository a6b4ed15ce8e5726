"""Constants shared by the widgets (and the app that wires them)."""

#: MIME type of a palette drag; the payload is the block type's registry key (UTF-8).
BLOCK_MIME = "application/x-convas-block"
