/*
 * The part of the TWAIN 2.x interface the workstation uses, written from the TWAIN specification
 * (data groups, data argument types, messages, return and condition codes, capabilities, containers).
 * Structures follow the specification's layout; Windows builds pack them to 2 bytes as TWAIN requires.
 */
#ifndef SOHOA_TWAIN_TYPES_H
#define SOHOA_TWAIN_TYPES_H

#include <stdint.h>

#ifdef _WIN32
#define TW_CALLINGSTYLE __stdcall
#pragma pack(push, 2)
#else
#define TW_CALLINGSTYLE
#endif

typedef uint8_t TW_UINT8;
typedef int16_t TW_INT16;
typedef uint16_t TW_UINT16;
typedef int32_t TW_INT32;
typedef uint32_t TW_UINT32;
typedef uint16_t TW_BOOL;
typedef void *TW_HANDLE;
typedef void *TW_MEMREF;
typedef uintptr_t TW_UINTPTR;
typedef char TW_STR32[34];

typedef struct { TW_INT16 Whole; TW_UINT16 Frac; } TW_FIX32;
typedef struct { TW_UINT16 MajorNum, MinorNum, Language, Country; TW_STR32 Info; } TW_VERSION;
typedef struct {
  TW_UINT32 Id;
  TW_VERSION Version;
  TW_UINT16 ProtocolMajor, ProtocolMinor;
  TW_UINT32 SupportedGroups;
  TW_STR32 Manufacturer, ProductFamily, ProductName;
} TW_IDENTITY, *pTW_IDENTITY;
typedef struct { TW_BOOL ShowUI; TW_BOOL ModalUI; TW_HANDLE hParent; } TW_USERINTERFACE;
typedef struct { TW_UINT16 Cap; TW_UINT16 ConType; TW_HANDLE hContainer; } TW_CAPABILITY;
typedef struct { TW_UINT16 ItemType; TW_UINT32 Item; } TW_ONEVALUE;
typedef struct { TW_UINT16 ItemType; TW_UINT32 MinValue, MaxValue, StepSize, DefaultValue, CurrentValue; } TW_RANGE;
typedef struct { TW_UINT16 ItemType; TW_UINT32 NumItems, CurrentIndex, DefaultIndex; TW_UINT8 ItemList[1]; } TW_ENUMERATION;
typedef struct {
  TW_FIX32 XResolution, YResolution;
  TW_INT32 ImageWidth, ImageLength; /* ImageLength -1: not known until the end of the transfer */
  TW_INT16 SamplesPerPixel;
  TW_INT16 BitsPerSample[8];
  TW_INT16 BitsPerPixel;
  TW_BOOL Planar;
  TW_INT16 PixelType;
  TW_UINT16 Compression;
} TW_IMAGEINFO;
typedef struct { TW_FIX32 Left, Top, Right, Bottom; } TW_FRAME;
typedef struct { TW_FRAME Frame; TW_UINT32 DocumentNumber, PageNumber, FrameNumber; } TW_IMAGELAYOUT;
typedef struct { TW_UINT32 MinBufSize, MaxBufSize, Preferred; } TW_SETUPMEMXFER;
typedef struct { TW_UINT32 Flags; TW_UINT32 Length; TW_MEMREF TheMem; } TW_MEMORY;
typedef struct {
  TW_UINT16 Compression;
  TW_UINT32 BytesPerRow, Columns, Rows, XOffset, YOffset, BytesWritten;
  TW_MEMORY Memory;
} TW_IMAGEMEMXFER;
typedef struct { TW_UINT16 Count; TW_UINT32 EOJ; } TW_PENDINGXFERS;
typedef struct { TW_MEMREF pEvent; TW_UINT16 TWMessage; } TW_EVENT;
typedef struct { TW_UINT16 ConditionCode; TW_UINT16 Data; } TW_STATUS;

typedef TW_UINT16(TW_CALLINGSTYLE *DSMENTRYPROC)(pTW_IDENTITY, pTW_IDENTITY, TW_UINT32, TW_UINT16, TW_UINT16, TW_MEMREF);
typedef TW_HANDLE(TW_CALLINGSTYLE *DSM_MEMALLOCATE)(TW_UINT32);
typedef void(TW_CALLINGSTYLE *DSM_MEMFREE)(TW_HANDLE);
typedef TW_MEMREF(TW_CALLINGSTYLE *DSM_MEMLOCK)(TW_HANDLE);
typedef void(TW_CALLINGSTYLE *DSM_MEMUNLOCK)(TW_HANDLE);
typedef struct {
  TW_UINT32 Size;
  DSMENTRYPROC DSM_Entry;
  DSM_MEMALLOCATE DSM_MemAllocate;
  DSM_MEMFREE DSM_MemFree;
  DSM_MEMLOCK DSM_MemLock;
  DSM_MEMUNLOCK DSM_MemUnlock;
} TW_ENTRYPOINT;
typedef struct { TW_MEMREF CallBackProc; TW_UINTPTR RefCon; TW_INT16 Message; } TW_CALLBACK;

#ifdef _WIN32
#pragma pack(pop)
#endif

/* Data groups */
#define DG_CONTROL 0x0001UL
#define DG_IMAGE 0x0002UL
/* Data argument types */
#define DAT_NULL 0x0000
#define DAT_CAPABILITY 0x0001
#define DAT_EVENT 0x0002
#define DAT_IDENTITY 0x0003
#define DAT_PARENT 0x0004
#define DAT_PENDINGXFERS 0x0005
#define DAT_SETUPMEMXFER 0x0006
#define DAT_STATUS 0x0008
#define DAT_USERINTERFACE 0x0009
#define DAT_CALLBACK 0x0010
#define DAT_IMAGEINFO 0x0101
#define DAT_IMAGELAYOUT 0x0102
#define DAT_IMAGEMEMXFER 0x0103
#define DAT_ENTRYPOINT 0x0403
/* Messages */
#define MSG_GET 0x0001
#define MSG_GETCURRENT 0x0002
#define MSG_GETFIRST 0x0004
#define MSG_GETNEXT 0x0005
#define MSG_SET 0x0006
#define MSG_RESET 0x0007
#define MSG_QUERYSUPPORT 0x0008
#define MSG_XFERREADY 0x0101
#define MSG_CLOSEDSREQ 0x0102
#define MSG_CLOSEDSOK 0x0103
#define MSG_OPENDSM 0x0301
#define MSG_CLOSEDSM 0x0302
#define MSG_OPENDS 0x0401
#define MSG_CLOSEDS 0x0402
#define MSG_DISABLEDS 0x0501
#define MSG_ENABLEDS 0x0502
#define MSG_PROCESSEVENT 0x0601
#define MSG_ENDXFER 0x0701
#define MSG_REGISTER_CALLBACK 0x0902
/* Return codes */
#define TWRC_SUCCESS 0
#define TWRC_FAILURE 1
#define TWRC_CHECKSTATUS 2
#define TWRC_CANCEL 3
#define TWRC_DSEVENT 4
#define TWRC_NOTDSEVENT 5
#define TWRC_XFERDONE 6
#define TWRC_ENDOFLIST 7
/* Condition codes */
#define TWCC_SUCCESS 0
#define TWCC_BUMMER 1
#define TWCC_LOWMEMORY 2
#define TWCC_NODS 3
#define TWCC_MAXCONNECTIONS 4
#define TWCC_OPERATIONERROR 5
#define TWCC_BADCAP 6
#define TWCC_BADPROTOCOL 9
#define TWCC_BADVALUE 10
#define TWCC_SEQERROR 11
#define TWCC_BADDEST 12
#define TWCC_CAPUNSUPPORTED 13
#define TWCC_DENIED 16
#define TWCC_PAPERJAM 20
#define TWCC_PAPERDOUBLEFEED 21
#define TWCC_CHECKDEVICEONLINE 23
#define TWCC_INTERLOCK 24
#define TWCC_NOMEDIA 29
/* Containers and item types */
#define TWON_ARRAY 3
#define TWON_ENUMERATION 4
#define TWON_ONEVALUE 5
#define TWON_RANGE 6
#define TWTY_INT16 1
#define TWTY_INT32 2
#define TWTY_UINT16 4
#define TWTY_UINT32 5
#define TWTY_BOOL 6
#define TWTY_FIX32 7
/* Capabilities */
#define CAP_XFERCOUNT 0x0001
#define ICAP_PIXELTYPE 0x0101
#define ICAP_UNITS 0x0102
#define ICAP_XFERMECH 0x0103
#define CAP_FEEDERENABLED 0x1002
#define ICAP_PHYSICALWIDTH 0x1111
#define ICAP_PHYSICALHEIGHT 0x1112
#define CAP_DUPLEXENABLED 0x1013
#define ICAP_XRESOLUTION 0x1118
#define ICAP_YRESOLUTION 0x1119
#define ICAP_BITDEPTH 0x112b
#define TWQC_GET 0x0001
#define TWQC_SET 0x0002
/* Values */
#define TWPT_BW 0
#define TWPT_GRAY 1
#define TWPT_RGB 2
#define TWUN_INCHES 0
#define TWSX_MEMORY 2
#define TWCP_NONE 0
#define TWMF_APPOWNS 0x0001
#define TWMF_POINTER 0x0010
#define DF_DSM2 0x10000000UL
#define DF_APP2 0x20000000UL
#define DF_DS2 0x40000000UL

static inline TW_FIX32 tw_fix32(double value) {
  TW_FIX32 f;
  int32_t v = (int32_t)(value * 65536.0 + (value < 0 ? -0.5 : 0.5));
  f.Whole = (TW_INT16)(v >> 16);
  f.Frac = (TW_UINT16)(v & 0xffff);
  return f;
}

static inline double tw_double(TW_FIX32 f) { return (double)f.Whole + (double)f.Frac / 65536.0; }

#endif
