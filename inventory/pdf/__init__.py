"""PDF documents of the store manager: statements, count sheets, variance and reorder reports,
label sheets (reportlab). Each renderer returns the PDF as bytes."""
