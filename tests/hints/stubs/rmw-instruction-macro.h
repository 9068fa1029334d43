/* names rmw-instruction-macro.c uses and does not declare: the x86 rmwcc helpers, in C */
#define GEN_UNARY_RMWcc(op, var, cc) ({ (void)(op); --(var) == 0; })
#define GEN_BINARY_RMWcc(op, var, cc, vcon, val) ({ (void)(op); (void)(vcon); ((var) += (val)) < 0; })
#define __READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))
