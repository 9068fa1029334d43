/* EDK2's vocabulary, as the edk2-tree fixtures use it (MdePkg/Include: Base.h, Uefi/UefiBaseType.h, Pi/PiPeiCis.h, Library/SynchronizationLib.h, HobLib.h, PeiServicesLib.h) */
typedef uint32_t UINT32;
typedef uint64_t UINT64;
typedef uint8_t UINT8;
typedef size_t UINTN;
typedef void VOID;
typedef UINTN EFI_STATUS;
typedef struct { UINT32 Data1; } EFI_GUID;
typedef VOID *EFI_HANDLE;
typedef VOID *EFI_PEI_FILE_HANDLE;
typedef struct { UINT32 Hdr; } EFI_PEI_SERVICES;
typedef struct { UINT32 Flags; } EFI_PEI_PPI_DESCRIPTOR;
#define EFIAPI
#define IN
#define OUT
#define OPTIONAL
#define CONST const
#define STATIC static
#define EFI_SUCCESS ((EFI_STATUS)0)
#define EFI_DEVICE_ERROR ((EFI_STATUS)7)
UINT32 InterlockedIncrement(volatile UINT32 *Value);
UINT32 InterlockedDecrement(volatile UINT32 *Value);
UINT32 InterlockedCompareExchange32(volatile UINT32 *Value, UINT32 CompareValue, UINT32 ExchangeValue);
VOID CpuPause(VOID);
VOID *BuildGuidHob(CONST EFI_GUID *Guid, UINTN DataLength);
EFI_STATUS PeiServicesInstallPpi(CONST EFI_PEI_PPI_DESCRIPTOR *PpiList);
/* the fixtures' own helpers, defined elsewhere in their imagined modules */
VOID *GetApMailBox(VOID);
VOID *FindRouterState(VOID);
VOID RouterDispatch(UINT32 Value);
extern EFI_GUID gRouterStateGuid;
extern EFI_PEI_PPI_DESCRIPTOR mRouterPpiList;
