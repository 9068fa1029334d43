/* EDK2's vocabulary, as volatile-member.c uses it (MdePkg/Include/Library/SynchronizationLib.h, BaseLib.h) */
typedef uint32_t UINT32;
UINT32 InterlockedIncrement(volatile UINT32 *Value);
UINT32 InterlockedDecrement(volatile UINT32 *Value);
void CpuPause(void);
