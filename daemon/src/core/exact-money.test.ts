import { describe, expect, it } from 'vitest';
import { chargeToMicros, decimalToUnits, divRound, priceToPaise, unitsToDecimal } from './exact-money';

describe('exact money', () => {
  it.each([
    ['123.45', 2, 12345n],
    ['-0.05', 2, -5n],
    ['10', 2, 1000n],
    ['0.500000', 2, 50n],
    ['7.1', 6, 7_100_000n],
    ['+3', 0, 3n],
  ])('reads %s at scale %i as %s units', (text, scale, units) => {
    expect(decimalToUnits(text, scale)).toBe(units);
  });

  it('refuses digits below the unit and text that is not a number, naming the field', () => {
    expect(() => decimalToUnits('1.005', 2, 'fills.value')).toThrow(
      'fills.value: got "1.005", expected at most 2 decimal places',
    );
    expect(() => decimalToUnits('1e5', 2)).toThrow(/a decimal number/);
  });

  it.each([
    [12345n, 2, '123.45'],
    [-5n, 2, '-0.05'],
    [0n, 2, '0.00'],
    [7n, 6, '0.000007'],
    [-1234567n, 6, '-1.234567'],
  ])('writes %s units at scale %i as %s', (units, scale, text) => {
    expect(unitsToDecimal(units, scale)).toBe(text);
    expect(decimalToUnits(text, scale)).toBe(units);
  });

  it('takes float prices without their representation noise, and refuses fractions of a paisa', () => {
    expect(priceToPaise(12.34)).toBe(1234n);
    expect(priceToPaise(0.1 + 0.2)).toBe(30n);
    expect(priceToPaise(1234.55)).toBe(123455n);
    expect(() => priceToPaise(100.123, 'trade price')).toThrow(/trade price: got 100.123/);
    expect(() => priceToPaise(NaN)).toThrow();
  });

  it('rounds charges to the micro-rupee, half away from zero', () => {
    expect(chargeToMicros(10.196)).toBe(10_196_000n);
    expect(chargeToMicros(0.0000005)).toBe(1n);
    expect(chargeToMicros(-0.0000005)).toBe(-1n);
  });

  it.each([
    [7n, 2n, 4n],
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [-7n, 3n, -2n],
    [1n, 3n, 0n],
    [-1n, 3n, 0n],
  ])('divRound(%s, %s) = %s', (n, d, q) => {
    expect(divRound(n, d)).toBe(q);
  });
});
