"""Files Bolthíd reads or writes: product images, PDFs, spreadsheets. No Qt, no database."""
