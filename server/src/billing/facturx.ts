import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { AFRelationship, PDFDocument, PDFHexString, PDFName, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { euros, frenchLocalDate as frenchDate } from '../common/french.js';

/**
 * Factur-X (EN 16931 profile): the invoice as a PDF/A-3b whose embedded `factur-x.xml` is the
 * UN/CEFACT Cross Industry Invoice that Chorus Pro reads. The PDF embeds its fonts (DejaVu Sans) and an
 * sRGB output intent, declares PDF/A-3B and the Factur-X extension in its XMP metadata, and marks the XML
 * as the invoice's `Data` (AFRelationship). Deterministic: the same document gives the same bytes.
 */

export interface FacturXParty {
  name: string;
  siret: string;
  /** Intra-community VAT number (the seller's). */
  vatNumber?: string | null;
  address?: string | null;
}

export interface FacturXLine {
  description: string;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
  /** Basis points: 2000 = 20 %. */
  vatRateBasisPoints: number;
}

export interface FacturXDocument {
  kind: 'INVOICE' | 'CREDIT_NOTE';
  number: string;
  issuedOn: string;
  dueOn: string;
  /** The month invoiced: first and last day. */
  periodStart: string;
  periodEnd: string;
  seller: FacturXParty;
  buyer: FacturXParty & { serviceCode: string | null; engagementNumber: string | null };
  contractReference: string;
  /** The invoice a credit note corrects, and why. */
  credits: { number: string; issuedOn: string; reason: string } | null;
  lines: FacturXLine[];
  vat: { rateBasisPoints: number; basisCents: number; vatCents: number }[];
  totalHtCents: number;
  totalVatCents: number;
  totalTtcCents: number;
}

const amount = (cents: number) => (cents / 100).toFixed(2);
const percent = (basisPoints: number) => String(basisPoints / 100);
const compactDate = (date: string) => date.replaceAll('-', '');
const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[character]!);
const dateElement = (tag: string, date: string) =>
  `<${tag}><udt:DateTimeString format="102">${compactDate(date)}</udt:DateTimeString></${tag}>`;
/** S (standard) for a positive rate, Z (zero rated) for 0 %. */
const vatCategory = (basisPoints: number) => (basisPoints === 0 ? 'Z' : 'S');

function party(tag: string, party: FacturXParty): string {
  return [
    `<ram:${tag}>`,
    `<ram:Name>${escapeXml(party.name)}</ram:Name>`,
    `<ram:SpecifiedLegalOrganization><ram:ID schemeID="0009">${party.siret}</ram:ID></ram:SpecifiedLegalOrganization>`,
    '<ram:PostalTradeAddress>',
    party.address ? `<ram:LineOne>${escapeXml(party.address)}</ram:LineOne>` : '',
    '<ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>',
    party.vatNumber
      ? `<ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">${escapeXml(party.vatNumber)}</ram:ID></ram:SpecifiedTaxRegistration>`
      : '',
    `</ram:${tag}>`,
  ].join('');
}

/** The CII XML (Factur-X EN 16931) of an invoice or credit note. */
export function facturXml(document: FacturXDocument): string {
  const lines = document.lines.map((line, index) =>
    [
      '<ram:IncludedSupplyChainTradeLineItem>',
      `<ram:AssociatedDocumentLineDocument><ram:LineID>${index + 1}</ram:LineID></ram:AssociatedDocumentLineDocument>`,
      `<ram:SpecifiedTradeProduct><ram:Name>${escapeXml(line.description)}</ram:Name></ram:SpecifiedTradeProduct>`,
      `<ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>${amount(line.unitPriceCents)}</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>`,
      `<ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">${line.quantity}</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>`,
      '<ram:SpecifiedLineTradeSettlement>',
      `<ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>${vatCategory(line.vatRateBasisPoints)}</ram:CategoryCode><ram:RateApplicablePercent>${percent(line.vatRateBasisPoints)}</ram:RateApplicablePercent></ram:ApplicableTradeTax>`,
      `<ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>${amount(line.amountCents)}</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>`,
      '</ram:SpecifiedLineTradeSettlement>',
      '</ram:IncludedSupplyChainTradeLineItem>',
    ].join(''),
  );
  const vat = document.vat.map(
    (group) =>
      `<ram:ApplicableTradeTax><ram:CalculatedAmount>${amount(group.vatCents)}</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>${amount(group.basisCents)}</ram:BasisAmount><ram:CategoryCode>${vatCategory(group.rateBasisPoints)}</ram:CategoryCode><ram:RateApplicablePercent>${percent(group.rateBasisPoints)}</ram:RateApplicablePercent></ram:ApplicableTradeTax>`,
  );
  const { buyer } = document;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    '<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">',
    '<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>',
    '<rsm:ExchangedDocument>',
    `<ram:ID>${escapeXml(document.number)}</ram:ID>`,
    `<ram:TypeCode>${document.kind === 'INVOICE' ? '380' : '381'}</ram:TypeCode>`,
    dateElement('ram:IssueDateTime', document.issuedOn),
    document.credits
      ? `<ram:IncludedNote><ram:Content>${escapeXml(`Avoir sur la facture ${document.credits.number} : ${document.credits.reason}`)}</ram:Content></ram:IncludedNote>`
      : '',
    '</rsm:ExchangedDocument>',
    '<rsm:SupplyChainTradeTransaction>',
    ...lines,
    '<ram:ApplicableHeaderTradeAgreement>',
    buyer.serviceCode ? `<ram:BuyerReference>${escapeXml(buyer.serviceCode)}</ram:BuyerReference>` : '',
    party('SellerTradeParty', document.seller),
    party('BuyerTradeParty', buyer),
    buyer.engagementNumber
      ? `<ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>${escapeXml(buyer.engagementNumber)}</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>`
      : '',
    `<ram:ContractReferencedDocument><ram:IssuerAssignedID>${escapeXml(document.contractReference)}</ram:IssuerAssignedID></ram:ContractReferencedDocument>`,
    '</ram:ApplicableHeaderTradeAgreement>',
    '<ram:ApplicableHeaderTradeDelivery/>',
    '<ram:ApplicableHeaderTradeSettlement>',
    '<ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>',
    ...vat,
    `<ram:BillingSpecifiedPeriod>${dateElement('ram:StartDateTime', document.periodStart)}${dateElement('ram:EndDateTime', document.periodEnd)}</ram:BillingSpecifiedPeriod>`,
    `<ram:SpecifiedTradePaymentTerms><ram:Description>Paiement par virement (mandat administratif) à 30 jours.</ram:Description>${dateElement('ram:DueDateDateTime', document.dueOn)}</ram:SpecifiedTradePaymentTerms>`,
    '<ram:SpecifiedTradeSettlementHeaderMonetarySummation>',
    `<ram:LineTotalAmount>${amount(document.totalHtCents)}</ram:LineTotalAmount>`,
    `<ram:TaxBasisTotalAmount>${amount(document.totalHtCents)}</ram:TaxBasisTotalAmount>`,
    `<ram:TaxTotalAmount currencyID="EUR">${amount(document.totalVatCents)}</ram:TaxTotalAmount>`,
    `<ram:GrandTotalAmount>${amount(document.totalTtcCents)}</ram:GrandTotalAmount>`,
    `<ram:DuePayableAmount>${amount(document.totalTtcCents)}</ram:DuePayableAmount>`,
    '</ram:SpecifiedTradeSettlementHeaderMonetarySummation>',
    document.credits
      ? `<ram:InvoiceReferencedDocument><ram:IssuerAssignedID>${escapeXml(document.credits.number)}</ram:IssuerAssignedID>${dateElement('ram:FormattedIssueDateTime', document.credits.issuedOn).replaceAll('udt:DateTimeString', 'qdt:DateTimeString')}</ram:InvoiceReferencedDocument>`
      : '',
    '</ram:ApplicableHeaderTradeSettlement>',
    '</rsm:SupplyChainTradeTransaction>',
    '</rsm:CrossIndustryInvoice>\n',
  ].join('');
}

const require = createRequire(import.meta.url);
let assets: Promise<{ regular: Uint8Array; bold: Uint8Array; icc: Uint8Array }> | null = null;
/** DejaVu Sans (npm `dejavu-fonts-ttf`) and the sRGB profile (Debian's `icc-profiles-free`, copied in assets/). */
function loadAssets() {
  assets ??= (async () => {
    const [regular, bold, icc] = await Promise.all([
      readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
      readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
      readFile(new URL('../../assets/icc/sRGB.icc', import.meta.url)),
    ]);
    return { regular, bold, icc };
  })();
  return assets;
}

function xmpMetadata(document: FacturXDocument, title: string, instant: string): string {
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
<pdfaid:part>3</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>${escapeXml(document.seller.name)}</rdf:li></rdf:Seq></dc:creator>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdf:Producer>Cartable</pdf:Producer>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreatorTool>Cartable</xmp:CreatorTool>
<xmp:CreateDate>${instant}</xmp:CreateDate>
<xmp:ModifyDate>${instant}</xmp:ModifyDate>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>fx</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq>
<rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentFileName</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The name of the embedded XML document</pdfaProperty:description></rdf:li>
<rdf:li rdf:parseType="Resource"><pdfaProperty:name>DocumentType</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The type of the hybrid document in capital letters, e.g. INVOICE or ORDER</pdfaProperty:description></rdf:li>
<rdf:li rdf:parseType="Resource"><pdfaProperty:name>Version</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The actual version of the standard applying to the embedded XML document</pdfaProperty:description></rdf:li>
<rdf:li rdf:parseType="Resource"><pdfaProperty:name>ConformanceLevel</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>The conformance level of the embedded XML document</pdfaProperty:description></rdf:li>
</rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#">
<fx:DocumentType>INVOICE</fx:DocumentType>
<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>
<fx:Version>1.0</fx:Version>
<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** The human-readable page(s): parties, lines, VAT and totals, in French. */
class InvoicePage {
  private page: PDFPage;
  private y: number;
  constructor(
    private readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.page = doc.addPage([595.28, 841.89]);
    this.y = 800;
  }

  text(text: string, options: { x?: number; size?: number; bold?: boolean; right?: number } = {}): this {
    const font = options.bold ? this.bold : this.regular;
    const size = options.size ?? 9;
    const x = options.right !== undefined ? options.right - font.widthOfTextAtSize(text, size) : (options.x ?? 50);
    this.page.drawText(text, { x, y: this.y, size, font, color: rgb(0.1, 0.1, 0.1) });
    return this;
  }

  next(gap = 13): this {
    this.y -= gap;
    if (this.y < 60) {
      this.page = this.doc.addPage([595.28, 841.89]);
      this.y = 800;
    }
    return this;
  }
}

/** Words of `text` in lines at most `width` points wide. */
function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  if (current) lines.push(current);
  return lines;
}

/** The Factur-X PDF/A-3 of a document. */
export async function facturXPdf(document: FacturXDocument): Promise<Uint8Array> {
  const { regular: regularBytes, bold: boldBytes, icc } = await loadAssets();
  const xml = new TextEncoder().encode(facturXml(document));
  const issued = new Date(`${document.issuedOn}T12:00:00Z`);
  const title = `${document.kind === 'INVOICE' ? 'Facture' : 'Avoir'} ${document.number}`;
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const regular = await doc.embedFont(regularBytes, { subset: true });
  const bold = await doc.embedFont(boldBytes, { subset: true });

  const page = new InvoicePage(doc, regular, bold);
  page.text(title, { size: 16, bold: true }).next(22);
  page.text(`Émise le ${frenchDate(document.issuedOn)} — échéance le ${frenchDate(document.dueOn)}`).next();
  page
    .text(`Période : du ${frenchDate(document.periodStart)} au ${frenchDate(document.periodEnd)} — marché ${document.contractReference}`)
    .next(20);
  const { seller, buyer } = document;
  page.text('Fournisseur', { bold: true }).text('Client', { x: 310, bold: true }).next();
  page.text(seller.name).text(buyer.name, { x: 310 }).next();
  page.text(`SIRET ${seller.siret}`).text(`SIRET ${buyer.siret}`, { x: 310 }).next();
  page
    .text(`TVA ${seller.vatNumber ?? '—'}`)
    .text(`Code service : ${buyer.serviceCode ?? '—'}`, { x: 310 })
    .next();
  page
    .text(seller.address ?? '')
    .text(`Engagement : ${buyer.engagementNumber ?? '—'}`, { x: 310 })
    .next(20);
  if (document.credits)
    page
      .text(`Avoir sur la facture ${document.credits.number} du ${frenchDate(document.credits.issuedOn)} : ${document.credits.reason}`)
      .next(20);
  page
    .text('Désignation', { bold: true })
    .text('Qté', { right: 350, bold: true })
    .text('PU HT', { right: 410, bold: true })
    .text('TVA', { right: 450, bold: true })
    .text('Montant HT', { right: 545, bold: true })
    .next();
  for (const line of document.lines) {
    const [first, ...rest] = wrapText(line.description, regular, 9, 255);
    page.text(first ?? '');
    page
      .text(String(line.quantity), { right: 350 })
      .text(euros(line.unitPriceCents), { right: 410 })
      .text(`${percent(line.vatRateBasisPoints).replace('.', ',')} %`, { right: 450 });
    page.text(euros(line.amountCents), { right: 545 }).next();
    for (const more of rest) page.text(more, { x: 58 }).next();
  }
  page.next(8);
  for (const group of document.vat) {
    page
      .text(`TVA ${percent(group.rateBasisPoints).replace('.', ',')} % sur ${euros(group.basisCents)}`, { x: 300 })
      .text(euros(group.vatCents), { right: 545 })
      .next();
  }
  page.text('Total HT', { x: 300, bold: true }).text(euros(document.totalHtCents), { right: 545, bold: true }).next();
  page.text('Total TVA', { x: 300, bold: true }).text(euros(document.totalVatCents), { right: 545, bold: true }).next();
  page.text('Total TTC', { x: 300, bold: true }).text(euros(document.totalTtcCents), { right: 545, bold: true }).next(24);
  page.text('Paiement par virement (mandat administratif), à 30 jours. Facture électronique Factur-X (EN 16931) déposée sur Chorus Pro.', {
    size: 7,
  });

  doc.setTitle(title);
  doc.setAuthor(seller.name);
  doc.setProducer('Cartable');
  doc.setCreator('Cartable');
  doc.setCreationDate(issued);
  doc.setModificationDate(issued);
  await doc.attach(xml, 'factur-x.xml', {
    mimeType: 'text/xml',
    description: 'Factur-X (EN 16931)',
    creationDate: issued,
    modificationDate: issued,
    afRelationship: AFRelationship.Data,
  });
  const { context, catalog } = doc;
  const metadata = context.stream(xmpMetadata(document, title, issued.toISOString().replace('.000Z', 'Z')), {
    Type: 'Metadata',
    Subtype: 'XML',
  });
  catalog.set(PDFName.of('Metadata'), context.register(metadata));
  const profile = context.stream(icc, { N: 3 });
  catalog.set(
    PDFName.of('OutputIntents'),
    context.obj([
      context.obj({
        Type: 'OutputIntent',
        S: 'GTS_PDFA1',
        OutputConditionIdentifier: PDFHexString.fromText('sRGB'),
        Info: PDFHexString.fromText('sRGB IEC61966-2.1'),
        DestOutputProfile: context.register(profile),
      }),
    ]),
  );
  // PDF/A wants a file identifier; derived from the content, so the bytes stay deterministic.
  const id = PDFHexString.of(createHash('md5').update(xml).digest('hex'));
  context.trailerInfo.ID = context.obj([id, id]);
  return doc.save({ useObjectStreams: false });
}
