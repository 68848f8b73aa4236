"""HTTP conventions of SPEC 3 shared by every service."""
