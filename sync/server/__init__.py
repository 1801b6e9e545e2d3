"""The council service: the HTTP server devices enrol with and sync to."""
