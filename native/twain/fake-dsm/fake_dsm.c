/*
 * A fake TWAIN Data Source Manager with one virtual scanner, so that the workstation's TWAIN state
 * machine is exercised on Linux, where no TWAIN stack exists. It exports DSM_Entry like TWAINDSM and
 * ENFORCES the TWAIN states: a triplet sent in the wrong state fails with TWCC_SEQERROR and is counted,
 * so the tests prove the client's order of operations.
 *
 * The scanner is scripted by a key=value file named by SOHOA_FAKE_TWAIN:
 *   product=<name>      sheets=<n in the feeder, 0: flatbed only>   duplex=0|1
 *   width_in=8.27  height_in=11.69 (the sheet, in inches)   max_res=600
 *   jam_at=<page, 1-based, that jams after its first strip; 0: none>   cover_open=0|1
 *   unknown_length=0|1 (ImageLength -1)   strip_rows=<rows per memory strip>   strip_delay_ms=<n>   log=<file>
 * The log file receives `sequence_errors=<n> pages=<n> resets=<n>` when the manager is closed.
 * Pixels are a deterministic pattern the tests recompute: value(x, y, channel) =
 * (x * 3 + y * 5 + channel * 70 + page * 40) & 0xff; line art: ((x / 8 + y / 8 + page) & 1).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../src/twain_types.h"

static struct {
  char product[34];
  int sheets, duplex, jam_at, cover_open, unknown_length, strip_rows, max_res, strip_delay_ms;
  double width_in, height_in;
  char log[1024];
} script;

/* TWAIN states: 1 nothing, 2 loaded, 3 manager open, 4 source open, 5 enabled, 6 transfer ready, 7 transferring. */
static int state = 2;
static int sequence_errors, pages_done, resets;
static TW_UINT16 condition = TWCC_SUCCESS;
static TW_IDENTITY app, source;
static TW_CALLBACK callback;
static int has_callback;
/* Negotiated */
static int pixel_type = TWPT_RGB, bit_depth = 8, feeder = 0, duplex_on = 0, units_ok = 1, mech_memory = 0;
static double xres = 100, yres = 100;
static TW_FRAME frame;
static int frame_set = 0;
/* Transfer */
static int page_index; /* 0-based page in this job */
static int total_pages, row_next, page_height, page_width;

static void load_script(void) {
  strcpy(script.product, "Fake TWAIN Scanner");
  script.width_in = 8.27;
  script.height_in = 11.69;
  script.strip_rows = 64;
  script.max_res = 600;
  const char *path = getenv("SOHOA_FAKE_TWAIN");
  FILE *f = path ? fopen(path, "r") : NULL;
  if (!f) return;
  char line[1200];
  while (fgets(line, sizeof line, f)) {
    char *eq = strchr(line, '=');
    if (!eq) continue;
    *eq = 0;
    char *value = eq + 1;
    value[strcspn(value, "\r\n")] = 0;
    if (!strcmp(line, "product")) snprintf(script.product, sizeof script.product, "%s", value);
    else if (!strcmp(line, "sheets")) script.sheets = atoi(value);
    else if (!strcmp(line, "duplex")) script.duplex = atoi(value);
    else if (!strcmp(line, "jam_at")) script.jam_at = atoi(value);
    else if (!strcmp(line, "cover_open")) script.cover_open = atoi(value);
    else if (!strcmp(line, "unknown_length")) script.unknown_length = atoi(value);
    else if (!strcmp(line, "strip_rows")) script.strip_rows = atoi(value);
    else if (!strcmp(line, "max_res")) script.max_res = atoi(value);
    else if (!strcmp(line, "strip_delay_ms")) script.strip_delay_ms = atoi(value);
    else if (!strcmp(line, "width_in")) script.width_in = atof(value);
    else if (!strcmp(line, "height_in")) script.height_in = atof(value);
    else if (!strcmp(line, "log")) snprintf(script.log, sizeof script.log, "%s", value);
  }
  fclose(f);
}

static void write_log(void) {
  if (!script.log[0]) return;
  FILE *f = fopen(script.log, "w");
  if (!f) return;
  fprintf(f, "sequence_errors=%d pages=%d resets=%d\n", sequence_errors, pages_done, resets);
  fclose(f);
}

static TW_UINT16 fail(TW_UINT16 cc) {
  condition = cc;
  return TWRC_FAILURE;
}

static TW_UINT16 seq(void) {
  sequence_errors++;
  return fail(TWCC_SEQERROR);
}

static TW_HANDLE TW_CALLINGSTYLE mem_alloc(TW_UINT32 size) { return calloc(1, size); }
static void TW_CALLINGSTYLE mem_free(TW_HANDLE h) { free(h); }
static TW_MEMREF TW_CALLINGSTYLE mem_lock(TW_HANDLE h) { return h; }
static void TW_CALLINGSTYLE mem_unlock(TW_HANDLE h) { (void)h; }

/* A source calls the application back from a thread of its own when paper is ready, as real sources do. */
static void *signal_ready(void *arg) {
  (void)arg;
  usleep(5000);
  if (has_callback) {
    DSMENTRYPROC proc = (DSMENTRYPROC)callback.CallBackProc;
    proc(&source, &app, DG_CONTROL, DAT_NULL, MSG_XFERREADY, NULL);
  }
  return NULL;
}

static int sheet_width(void) { return (int)(((frame_set ? tw_double(frame.Right) - tw_double(frame.Left) : script.width_in)) * xres + 0.5); }
static int sheet_height(void) { return (int)(((frame_set ? tw_double(frame.Bottom) - tw_double(frame.Top) : script.height_in)) * yres + 0.5); }
static int bytes_per_row(void) {
  if (pixel_type == TWPT_BW) return (page_width + 7) / 8;
  return page_width * (pixel_type == TWPT_RGB ? 3 : 1);
}

static TW_UINT16 one_value(TW_CAPABILITY *cap, TW_UINT16 type, TW_UINT32 item) {
  TW_ONEVALUE *v = calloc(1, sizeof *v);
  v->ItemType = type;
  v->Item = item;
  cap->ConType = TWON_ONEVALUE;
  cap->hContainer = v;
  return TWRC_SUCCESS;
}

static int supported(TW_UINT16 id) {
  switch (id) {
    case ICAP_XFERMECH: case ICAP_PIXELTYPE: case ICAP_BITDEPTH: case ICAP_UNITS:
    case ICAP_XRESOLUTION: case ICAP_YRESOLUTION: case CAP_XFERCOUNT: case ICAP_PHYSICALWIDTH: case ICAP_PHYSICALHEIGHT: return 1;
    case CAP_FEEDERENABLED: return script.sheets > 0;
    case CAP_DUPLEXENABLED: return script.duplex;
    default: return 0;
  }
}

static TW_UINT16 capability(TW_UINT16 msg, TW_CAPABILITY *cap) {
  if (state < 4) return seq();
  if (msg == MSG_QUERYSUPPORT) return one_value(cap, TWTY_INT32, supported(cap->Cap) ? (TWQC_GET | TWQC_SET) : 0);
  if (!supported(cap->Cap)) return fail(TWCC_CAPUNSUPPORTED);
  if (msg == MSG_GET || msg == MSG_GETCURRENT) {
    switch (cap->Cap) {
      case ICAP_XRESOLUTION: case ICAP_YRESOLUTION: {
        TW_RANGE *r = calloc(1, sizeof *r);
        TW_FIX32 lo = tw_fix32(50), hi = tw_fix32(script.max_res), step = tw_fix32(1), cur = tw_fix32(xres);
        r->ItemType = TWTY_FIX32;
        memcpy(&r->MinValue, &lo, 4); memcpy(&r->MaxValue, &hi, 4); memcpy(&r->StepSize, &step, 4);
        memcpy(&r->DefaultValue, &cur, 4); memcpy(&r->CurrentValue, &cur, 4);
        cap->ConType = TWON_RANGE;
        cap->hContainer = r;
        return TWRC_SUCCESS;
      }
      case ICAP_PIXELTYPE: return one_value(cap, TWTY_UINT16, (TW_UINT32)pixel_type);
      case ICAP_PHYSICALWIDTH: case ICAP_PHYSICALHEIGHT: {
        /* The bed is the scripted sheet; a source of unknown length reports 0 for its height. */
        double inches = cap->Cap == ICAP_PHYSICALWIDTH ? script.width_in : script.unknown_length ? 0 : script.height_in;
        TW_FIX32 f = tw_fix32(inches);
        TW_UINT32 item;
        memcpy(&item, &f, 4);
        return one_value(cap, TWTY_FIX32, item);
      }
      case CAP_FEEDERENABLED: return one_value(cap, TWTY_BOOL, (TW_UINT32)feeder);
      case CAP_DUPLEXENABLED: return one_value(cap, TWTY_BOOL, (TW_UINT32)duplex_on);
      default: return one_value(cap, TWTY_UINT16, 0);
    }
  }
  if (msg != MSG_SET) return fail(TWCC_BADVALUE);
  if (state != 4) return seq(); /* capabilities are negotiated in state 4 only */
  TW_ONEVALUE *v = cap->hContainer;
  if (cap->ConType != TWON_ONEVALUE || !v) return fail(TWCC_BADVALUE);
  switch (cap->Cap) {
    case ICAP_XFERMECH: if (v->Item != TWSX_MEMORY) return fail(TWCC_BADVALUE); mech_memory = 1; break;
    case ICAP_UNITS: units_ok = v->Item == TWUN_INCHES; if (!units_ok) return fail(TWCC_BADVALUE); break;
    case ICAP_PHYSICALWIDTH: case ICAP_PHYSICALHEIGHT: return fail(TWCC_BADVALUE); /* read-only */
    case ICAP_PIXELTYPE: if (v->Item > TWPT_RGB) return fail(TWCC_BADVALUE); pixel_type = (int)v->Item; break;
    case ICAP_BITDEPTH: bit_depth = (int)v->Item; break;
    case ICAP_XRESOLUTION: case ICAP_YRESOLUTION: {
      TW_FIX32 f;
      memcpy(&f, &v->Item, 4);
      double r = tw_double(f);
      if (r < 50 || r > script.max_res) return fail(TWCC_BADVALUE);
      if (cap->Cap == ICAP_XRESOLUTION) xres = r; else yres = r;
      break;
    }
    case CAP_FEEDERENABLED: feeder = v->Item != 0; break;
    case CAP_DUPLEXENABLED: duplex_on = v->Item != 0; break;
    case CAP_XFERCOUNT: break;
    default: return fail(TWCC_CAPUNSUPPORTED);
  }
  return TWRC_SUCCESS;
}

static unsigned char pattern(int x, int y, int c) { return (unsigned char)((x * 3 + y * 5 + c * 70 + page_index * 40) & 0xff); }

static TW_UINT16 memory_transfer(TW_IMAGEMEMXFER *xfer) {
  if (state != 6 && state != 7) return seq();
  if (!mech_memory) return seq();
  if (state == 6) {
    state = 7;
    row_next = 0;
  }
  if (script.cover_open) return fail(TWCC_INTERLOCK);
  if (script.strip_delay_ms > 0) usleep((useconds_t)script.strip_delay_ms * 1000);
  if (script.jam_at == page_index + 1 && row_next > 0) return fail(TWCC_PAPERJAM);
  int bpr = bytes_per_row();
  int rows = (int)(xfer->Memory.Length / (TW_UINT32)bpr);
  if (rows > script.strip_rows) rows = script.strip_rows;
  if (rows > page_height - row_next) rows = page_height - row_next;
  unsigned char *out = xfer->Memory.TheMem;
  for (int r = 0; r < rows; r++) {
    int y = row_next + r;
    unsigned char *row = out + (size_t)r * (size_t)bpr;
    if (pixel_type == TWPT_BW) {
      memset(row, 0, (size_t)bpr);
      for (int x = 0; x < page_width; x++)
        if (((x / 8 + y / 8 + page_index) & 1) != 0) row[x / 8] |= (unsigned char)(0x80 >> (x % 8));
    } else {
      int channels = pixel_type == TWPT_RGB ? 3 : 1;
      for (int x = 0; x < page_width; x++)
        for (int c = 0; c < channels; c++) row[x * channels + c] = pattern(x, y, c);
    }
  }
  xfer->Compression = TWCP_NONE;
  xfer->BytesPerRow = (TW_UINT32)bpr;
  xfer->Columns = (TW_UINT32)page_width;
  xfer->Rows = (TW_UINT32)rows;
  xfer->XOffset = 0;
  xfer->YOffset = (TW_UINT32)row_next;
  xfer->BytesWritten = (TW_UINT32)(rows * bpr);
  row_next += rows;
  return row_next >= page_height ? TWRC_XFERDONE : TWRC_SUCCESS;
}

static void begin_page(void) {
  page_width = sheet_width();
  page_height = sheet_height();
}

#ifdef _WIN32
__declspec(dllexport)
#else
__attribute__((visibility("default")))
#endif
TW_UINT16 TW_CALLINGSTYLE DSM_Entry(pTW_IDENTITY origin, pTW_IDENTITY dest, TW_UINT32 dg, TW_UINT16 dat, TW_UINT16 msg, TW_MEMREF data) {
  if (dg == DG_CONTROL && dat == DAT_PARENT) {
    if (msg == MSG_OPENDSM) {
      if (state != 2) return seq();
      load_script();
      app = *origin;
      /* A 2.x manager: the application must use its memory functions and callbacks. */
      origin->SupportedGroups |= DF_DSM2;
      state = 3;
      return TWRC_SUCCESS;
    }
    if (msg == MSG_CLOSEDSM) {
      if (state != 3) return seq();
      state = 2;
      write_log();
      return TWRC_SUCCESS;
    }
  }
  if (dg == DG_CONTROL && dat == DAT_ENTRYPOINT && msg == MSG_GET) {
    if (state < 3) return seq();
    TW_ENTRYPOINT *e = data;
    e->DSM_Entry = DSM_Entry;
    e->DSM_MemAllocate = mem_alloc;
    e->DSM_MemFree = mem_free;
    e->DSM_MemLock = mem_lock;
    e->DSM_MemUnlock = mem_unlock;
    return TWRC_SUCCESS;
  }
  if (dg == DG_CONTROL && dat == DAT_STATUS && msg == MSG_GET) {
    TW_STATUS *s = data;
    s->ConditionCode = condition;
    s->Data = 0;
    condition = TWCC_SUCCESS;
    return TWRC_SUCCESS;
  }
  if (dg == DG_CONTROL && dat == DAT_IDENTITY) {
    TW_IDENTITY *id = data;
    if (msg == MSG_GETFIRST || msg == MSG_GETNEXT) {
      if (state < 3) return seq();
      if (msg == MSG_GETNEXT) return TWRC_ENDOFLIST;
      memset(id, 0, sizeof *id);
      id->Id = 1;
      id->ProtocolMajor = 2;
      id->ProtocolMinor = 4;
      id->SupportedGroups = DG_CONTROL | DG_IMAGE | DF_DS2;
      snprintf(id->Manufacturer, sizeof id->Manufacturer, "Tram so hoa");
      snprintf(id->ProductFamily, sizeof id->ProductFamily, "Fake");
      snprintf(id->ProductName, sizeof id->ProductName, "%s", script.product);
      return TWRC_SUCCESS;
    }
    if (msg == MSG_OPENDS) {
      if (state != 3) return seq();
      if (id->ProductName[0] && strcmp(id->ProductName, script.product) != 0) return fail(TWCC_NODS);
      DSM_Entry(origin, NULL, DG_CONTROL, DAT_IDENTITY, MSG_GETFIRST, id);
      source = *id;
      state = 4;
      pixel_type = TWPT_RGB; feeder = 0; duplex_on = 0; mech_memory = 0; frame_set = 0; xres = yres = 100;
      has_callback = 0;
      return TWRC_SUCCESS;
    }
    if (msg == MSG_CLOSEDS) {
      if (state != 4) return seq();
      state = 3;
      return TWRC_SUCCESS;
    }
  }
  if (dg == DG_CONTROL && dat == DAT_CALLBACK && msg == MSG_REGISTER_CALLBACK) {
    if (state != 4) return seq();
    callback = *(TW_CALLBACK *)data;
    has_callback = 1;
    return TWRC_SUCCESS;
  }
  if (dg == DG_CONTROL && dat == DAT_CAPABILITY) return capability(msg, data);
  if (dg == DG_IMAGE && dat == DAT_IMAGELAYOUT && msg == MSG_SET) {
    if (state != 4) return seq();
    frame = ((TW_IMAGELAYOUT *)data)->Frame;
    frame_set = 1;
    return TWRC_SUCCESS;
  }
  if (dg == DG_CONTROL && dat == DAT_USERINTERFACE) {
    if (msg == MSG_ENABLEDS) {
      if (state != 4) return seq();
      TW_USERINTERFACE *ui = data;
      if (ui->ShowUI) return fail(TWCC_BADVALUE); /* this virtual scanner has no dialog */
      if (feeder && script.sheets == 0) return fail(TWCC_NOMEDIA);
      total_pages = feeder ? script.sheets * (duplex_on ? 2 : 1) : 1;
      page_index = 0;
      state = 5;
      begin_page();
      pthread_t t;
      state = 6; /* the ready signal follows on the source's own thread */
      pthread_create(&t, NULL, signal_ready, NULL);
      pthread_detach(t);
      return TWRC_SUCCESS;
    }
    if (msg == MSG_DISABLEDS) {
      if (state != 5) return seq();
      state = 4;
      return TWRC_SUCCESS;
    }
  }
  if (dg == DG_IMAGE && dat == DAT_IMAGEINFO && msg == MSG_GET) {
    if (state != 6 && state != 7) return seq();
    TW_IMAGEINFO *info = data;
    memset(info, 0, sizeof *info);
    info->XResolution = tw_fix32(xres);
    info->YResolution = tw_fix32(yres);
    info->ImageWidth = page_width;
    info->ImageLength = script.unknown_length ? -1 : page_height;
    info->SamplesPerPixel = pixel_type == TWPT_RGB ? 3 : 1;
    info->BitsPerPixel = (TW_INT16)(pixel_type == TWPT_RGB ? 24 : pixel_type == TWPT_GRAY ? 8 : 1);
    for (int i = 0; i < info->SamplesPerPixel; i++) info->BitsPerSample[i] = (TW_INT16)(pixel_type == TWPT_BW ? 1 : 8);
    info->PixelType = (TW_INT16)pixel_type;
    info->Compression = TWCP_NONE;
    return TWRC_SUCCESS;
  }
  if (dg == DG_CONTROL && dat == DAT_SETUPMEMXFER && msg == MSG_GET) {
    if (state < 4) return seq();
    TW_SETUPMEMXFER *s = data;
    s->MinBufSize = 4096;
    s->MaxBufSize = 1 << 20;
    s->Preferred = 256 * 1024;
    return TWRC_SUCCESS;
  }
  if (dg == DG_IMAGE && dat == DAT_IMAGEMEMXFER && msg == MSG_GET) return memory_transfer(data);
  if (dg == DG_CONTROL && dat == DAT_PENDINGXFERS) {
    TW_PENDINGXFERS *p = data;
    if (msg == MSG_ENDXFER) {
      if (state != 7 && state != 6) return seq();
      if (row_next >= page_height) pages_done++;
      page_index++;
      p->Count = (TW_UINT16)(page_index < total_pages ? total_pages - page_index : 0);
      if (p->Count > 0) {
        begin_page();
        row_next = 0;
        state = 6;
      } else {
        state = 5;
      }
      return TWRC_SUCCESS;
    }
    if (msg == MSG_RESET) {
      if (state != 6) return seq();
      resets++;
      p->Count = 0;
      state = 5;
      return TWRC_SUCCESS;
    }
  }
  (void)dest;
  return fail(TWCC_BADPROTOCOL);
}
