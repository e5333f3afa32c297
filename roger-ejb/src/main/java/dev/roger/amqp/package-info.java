/** RabbitMQ: connections and channels ({@code Broker}), confirmed publishing, queue names and the arguments each kind of queue is declared with. */
package dev.roger.amqp;
