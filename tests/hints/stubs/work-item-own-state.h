/* names work-item-own-state.c uses and does not declare */
enum { LINK_DOWN = 0, LINK_UP = 1 };
enum { PORT_DOWN = 0, PORT_UP = 1 };
