import type { ReactNode } from 'react';

/**
 * The design system's table (same markup, same props as react-dsfr's `Table` for what we use), which on
 * a phone or a tablet in portrait lays each row out as a card, every cell under its column's name, instead of a table wider than
 * the screen whose last columns — often the actions — are out of sight. On wider screens it is the
 * design system's table as it is.
 */
export function StackedTable({
  caption,
  headers,
  data,
  className,
}: {
  caption: string;
  headers: readonly string[];
  data: readonly (readonly ReactNode[])[];
  className?: string;
}) {
  return (
    <div className={`fr-table cartable-stacked-table${className ? ` ${className}` : ''}`}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {headers.map((header) => (
              <th key={header} scope="col">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.map((row, rowIndex) => (
            <tr key={rowIndex}>
              {row.map((cell, cellIndex) => (
                <td key={cellIndex} data-label={headers[cellIndex]}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
