/** A SIRET: 14 digits whose Luhn checksum holds (La Poste's establishments, SIREN 356000000, sum to a multiple of 5). */
export function isSiret(value: string): boolean {
  if (!/^[0-9]{14}$/.test(value)) return false;
  if (value.startsWith('356000000')) return [...value].reduce((sum, digit) => sum + Number(digit), 0) % 5 === 0;
  let sum = 0;
  for (let index = 0; index < 14; index += 1) {
    // From the right, every second digit is doubled (the 13th from the left counts as the second from the right).
    let digit = Number(value[13 - index]);
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

export const invalidSiretMessage = 'SIRET invalide : 14 chiffres dont la clé de contrôle (Luhn) est juste.';
