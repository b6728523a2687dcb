package io.github.socketiospringboot.adapter.redis;

import java.util.Map;

/**
 * An entry of a Redis stream.
 *
 * @param id its id, {@code <milliseconds>-<sequence>}: the offset of connection state
 * recovery
 * @param fields its fields, in order, as UTF-8 text
 */
record StreamEntry(String id, Map<String, String> fields) {

	/**
	 * Compares two entry ids as Redis orders them.
	 * @param a an id
	 * @param b another id
	 * @return negative, zero or positive as {@code a} is before, equal to or after
	 * {@code b}
	 * @throws NumberFormatException if an id is not {@code <digits>-<digits>}
	 */
	public static int compareIds(String a, String b) {
		int dashA = a.indexOf('-');
		int dashB = b.indexOf('-');
		int millis = Long.compareUnsigned(Long.parseUnsignedLong(a.substring(0, dashA)),
				Long.parseUnsignedLong(b.substring(0, dashB)));
		return (millis != 0) ? millis : Long.compareUnsigned(Long.parseUnsignedLong(a.substring(dashA + 1)),
				Long.parseUnsignedLong(b.substring(dashB + 1)));
	}

}
