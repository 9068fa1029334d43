/* lock-macro-nearest/peek.c: one of the two drivers' lock macros (which one is the point of the fixture) */
#include "../../fixtures/unmarked-race/lock-macro-nearest/queue/queue.h"
