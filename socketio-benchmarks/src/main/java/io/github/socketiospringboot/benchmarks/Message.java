package io.github.socketiospringboot.benchmarks;

/**
 * The broadcast payload of the load-test harness as an application would declare it.
 *
 * @param t a timestamp
 * @param seq a sequence number
 * @param pad padding
 */
public record Message(long t, int seq, String pad) {

}
