package io.github.socketiospringboot.tests.app;

import io.github.socketiospringboot.annotation.SocketIOController;
import io.github.socketiospringboot.tests.app.Payloads.Order;

/**
 * The generic handlers bound to orders.
 */
@SocketIOController("/orders")
public class OrdersCrudController extends GenericCrud<Order> {

}
