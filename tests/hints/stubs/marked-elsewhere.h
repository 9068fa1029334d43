/* names marked-elsewhere.c uses and does not declare */
enum { IN_GUEST_MODE = 1 };
