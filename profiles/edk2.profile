# EDK2 firmware: the SMM/MM communication buffer.
#
# An SMI (MMI) handler is called with the communication buffer the OS
# filled, CommBuffer, and a pointer to its size, CommBufferSize.  Both lie
# in memory the OS keeps writing from its other CPUs while the handler
# runs in SMM: a handler that checks a field of the buffer and then reads
# it again (or copies as much as it said) trusts a value the OS could
# change in between.  The PI specification names these parameters, and
# every handler keeps the names; handlers are registered through
# SmiHandlerRegister/MmiHandlerRegister, so nothing calls them directly
# and they are entry points.

profile edk2
description "EDK2 firmware: SMM/MM communication buffers the OS writes (CommBuffer, CommBufferSize)"
memory "the SMM communication buffer"
trigger "the OS (lower privilege level, another CPU)"

shared-param-name CommBuffer
shared-param-name CommBufferSize
# ... in the handlers these register (called through gSmst or gMmst, with
# the handler or a handler table's member first): not in the protocol and
# PPI functions of the caller's side, which take parameters of the same
# names (MmCommunicate() checking the buffer it is about to send)
handler-register SmiHandlerRegister 0 2
handler-register MmiHandlerRegister 0 2
# ... unless the handler's file is built only into Standalone MM modules
# (its INFs' MODULE_TYPE): the Standalone MM core, and on Arm the MM CPU
# driver, copy the buffer into MM memory before the handlers run and back
# after they return.  PiSmmCore (traditional SMM) passes the OS's buffer.
private-module-type MM_STANDALONE
private-module-type MM_CORE_STANDALONE
# ... nor in a handler a ReadyToLock callback unregisters: MM ReadyToLock
# is signalled in DXE, before the boot manager runs third-party code or
# the OS, so such a handler only ever serves the platform's own drivers
handler-unregister SmiHandlerUnRegister 0
handler-unregister MmiHandlerUnRegister 0
lockdown-notify SmmRegisterProtocolNotify 0 1 gEfiSmmReadyToLockProtocolGuid
lockdown-notify MmRegisterProtocolNotify 0 1 gEfiMmReadyToLockProtocolGuid

# The handler's check that a buffer the OS names (an address and a length
# taken from the communication buffer, or the buffer itself) lies outside
# SMRAM/MMRAM: MdePkg's SmmMemLib and StandaloneMmPkg's MemLib.  A value
# passed there and used is checked; read again from the buffer after the
# check, it is not (the OS can swap in an SMRAM address meanwhile).  The
# modules' own wrappers (return SmmIsBufferOutsideSmmValid (Buffer,
# Length);) are seen through.
validates SmmIsBufferOutsideSmmValid 0 1
validates MmIsBufferOutsideMmValid 0 1
# ... and before SmmMemLib (2015), each SMM driver's own copy of the check
validates IsAddressValid 0 1
validates InternalIsAddressValid 0 1

sink size CopyMem 2
sink size ZeroMem 1
sink size SetMem 1
sink size AllocatePool 1
sink size AllocateZeroPool 1
sink size AllocateCopyPool 0

# --- the codebase's own words --------------------------------------------
#
# Base.h's calling-convention and parameter-direction macros expand to
# nothing (or to an attribute); unknown to the grammar they break every
# declaration they appear in.
annotation EFIAPI
annotation IN
annotation OUT
annotation OPTIONAL
annotation CONST
annotation GLOBAL_REMOVE_IF_UNREFERENCED

# ProcessorBind.h's fixed-size integers (UINTN: a 64-bit build's)
type-size UINT8 1
type-size UINT16 2
type-size UINT32 4
type-size UINT64 8
type-size UINTN 8

# locks: a spin lock (MP code, SMM) and a TPL lock
lock AcquireSpinLock 0 spin
trylock AcquireSpinLockOrFail 0 spin
unlock ReleaseSpinLock 0 spin
lock EfiAcquireLock 0 mutex
trylock EfiAcquireLockOrFail 0 mutex
unlock EfiReleaseLock 0 mutex

marked-rmw InterlockedIncrement 0 address
marked-rmw InterlockedDecrement 0 address
marked-rmw InterlockedCompareExchange16 0 address
marked-rmw InterlockedCompareExchange32 0 address
marked-rmw InterlockedCompareExchange64 0 address
marked-rmw InterlockedCompareExchangePointer 0 address

# MdePkg BaseLib: MemoryFence() orders every load and store around it (the
# APs' mailboxes are filled in, MemoryFence(), then the flag set)
barrier MemoryFence full

assert ASSERT
assert ASSERT_EFI_ERROR
assert ASSERT_RETURN_ERROR
log DEBUG
noreturn CpuDeadLoop

# --- what EDK2 spells as Linux does -----------------------------------------
#
# The few Linux names that appear in EDK2: OvmfPkg's Xen interface headers
# (mb(), rmb(), wmb() in IndustryStandard/Xen/io/ring.h), the open-source
# libraries it carries (CryptoPkg's OpenSSL, the Brotli and LZMA
# decompressors: printf, panic, container_of, u8..u64).  These are the
# linux-kernel profile's lines the tree uses, declared here rather than
# included: Linux's locks, marked accesses and annotations do not apply to
# EDK2, and with no marked access of its own a fix hint names none.
barrier wmb write
barrier rmb read
barrier mb full
type-macro container_of
noreturn panic
assert *BUG_ON*
log printf
annotation noinline
type-size u8 1
type-size s8 1
type-size u16 2
type-size u32 4
type-size u64 8
iterator *foreach*

# calls that end what they are handed: free it, release it
# (FreePool, FreePages, *Release*, *Destroy*): a value handed there is
# nobody's after it
ends *free*
ends *release*
ends *destroy*
ends *cleanup*
ends *_put*
ends put_*
ends *Free*
ends *Release*
ends *Destroy*
# calls that return a value forced into a range their other arguments
# set: MIN(a, b) (MdePkg/Include/Base.h)
bound MIN
