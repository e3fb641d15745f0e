"""The platform's generic back office: record-type declarations, a register's policy hooks, and
the generic list / detail / edit / delete / history / export views built from them."""
