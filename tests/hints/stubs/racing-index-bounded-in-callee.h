/* names racing-index-bounded-in-callee.c uses and does not declare: none beyond the common stubs */
