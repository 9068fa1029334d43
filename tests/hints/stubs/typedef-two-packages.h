/* typedef-two-packages/mp_lib.c: its package's header, and EDK2's synchronisation calls */
#include "../../fixtures/unmarked-race/typedef-two-packages/mp_lib.h"
unsigned int InterlockedIncrement(volatile unsigned int *Value);
unsigned int InterlockedDecrement(volatile unsigned int *Value);
void CpuPause(void);
