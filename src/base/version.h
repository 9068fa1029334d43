#ifndef TOCSIN_VERSION_H
#define TOCSIN_VERSION_H

#define TOCSIN_VERSION_STRING "0.1.0"
#define TOCSIN_URI "https://example.invalid/tocsin"

#endif
