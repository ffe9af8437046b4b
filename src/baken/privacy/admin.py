"""The audit log is not exposed in the admin: reading it is the FG's task (a later issue)."""
