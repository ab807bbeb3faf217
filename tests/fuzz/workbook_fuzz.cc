// The workbook reader (docs/configuration.md, "Action plans"): any bytes as an .xlsx file. It
// must refuse what is not a workbook, a zip bomb and entity expansion within bounded memory and
// time, and never read out of bounds.
#include "db/xlsx.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace fristvakt;
  const std::string path = fuzz::WriteScratch("plan.xlsx", data, size);
  Worksheet sheet;
  (void)ReadWorksheet(path, "", Language::kNb, &sheet);
  return 0;
}
