/* names dump-installed-when-missing.c uses and does not declare */
enum { DEV_COLLECTING };
