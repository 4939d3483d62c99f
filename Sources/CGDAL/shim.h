// GDAL/OGR vector API (with the Arrow C stream structs of ogr_recordbatch.h), OGR spatial
// references, CPL helpers, and PROJ (transforms and geodesic areas, reached through this module
// so one system library target serves both).
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_recordbatch.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <proj.h>
#include <geodesic.h>
// glibc's mallopt: the one-shot commands' allocator policy (GeoCheck's AllocatorPolicy).
#include <malloc.h>
