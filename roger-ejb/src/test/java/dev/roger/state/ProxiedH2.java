package dev.roger.state;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A fresh in-memory H2 database whose connections a test can answer for in part, as a pool's handle
 * or another driver would (network timeouts, abort, a connection that does not answer).
 */
final class ProxiedH2 {

    /** What a {@link Answer} returns for a method it leaves to H2's own connection. */
    static final Object H2_ANSWERS = new Object();

    /** Answers a method of one borrowed connection, or returns {@link #H2_ANSWERS}. */
    interface Answer {
        Object answer(Method method, Object[] args) throws Throwable;
    }

    private ProxiedH2() {}

    /** @param perConnection makes the answer for each connection borrowed (state of its own) */
    static DataSource dataSource(java.util.function.Supplier<Answer> perConnection) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ClassLoader loader = ProxiedH2.class.getClassLoader();
        return (DataSource) Proxy.newProxyInstance(loader, new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
            if (!method.getName().equals("getConnection")) {
                return method.invoke(h2, args);
            }
            Connection real = h2.getConnection();
            Answer answer = perConnection.get();
            return Proxy.newProxyInstance(loader, new Class<?>[] {Connection.class}, (p, m, a) -> {
                Object answered = answer.answer(m, a);
                if (answered != H2_ANSWERS) {
                    return answered;
                }
                try {
                    return m.invoke(real, a);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
        });
    }
}
