package dev.numaflow.reducestream.autoconfigure;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * Makes SIGTERM an orderly exit with status 0: the JVM's own handler runs the shutdown
 * hooks (Spring closes the application, the server drains its streams within the grace
 * period) but then exits with 143, which Kubernetes and the platform's tooling read as a
 * failure. The handler is installed through {@code sun.misc.Signal} by reflection (it is
 * in {@code jdk.unsupported}), and the previous handler is put back when the application
 * closes. If the fail-fast policy has begun, the exit keeps its status (1) instead.
 */
final class SigtermExit implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(SigtermExit.class);

	private final @Nullable Object signal;

	private final @Nullable Object previousHandler;

	SigtermExit(ProcessExitStatus exitStatus) {
		Object installedSignal = null;
		Object previous = null;
		try {
			Class<?> signalClass = Class.forName("sun.misc.Signal");
			Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
			installedSignal = signalClass.getConstructor(String.class).newInstance("TERM");
			Object handler = Proxy.newProxyInstance(SigtermExit.class.getClassLoader(), new Class<?>[] { handlerClass },
					new Handler(exitStatus));
			previous = signalClass.getMethod("handle", signalClass, handlerClass)
				.invoke(null, installedSignal, handler);
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
			logger.info("Could not install a SIGTERM handler ({}); SIGTERM still stops the server gracefully, but the"
					+ " process exits with status 143", ex.toString());
			installedSignal = null;
		}
		this.signal = installedSignal;
		this.previousHandler = previous;
	}

	boolean isInstalled() {
		return this.signal != null;
	}

	@Override
	public void destroy() {
		Object installedSignal = this.signal;
		Object previous = this.previousHandler;
		if (installedSignal == null || previous == null) {
			return;
		}
		try {
			Class<?> signalClass = Class.forName("sun.misc.Signal");
			Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
			signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, installedSignal, previous);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.debug("Could not restore the previous SIGTERM handler", ex);
		}
	}

	/**
	 * Exits with status 0 on a thread of its own: {@code System.exit} runs the shutdown
	 * hooks.
	 */
	private static final class Handler implements InvocationHandler {

		private final ProcessExitStatus exitStatus;

		Handler(ProcessExitStatus exitStatus) {
			this.exitStatus = exitStatus;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) {
			switch (method.getName()) {
				case "handle" -> {
					Thread exit = new Thread(() -> {
						int status = this.exitStatus.onSignal();
						if (status == 0) {
							logger.info("SIGTERM received: stopping gracefully");
						}
						else {
							logger.info("SIGTERM received while the application stops after a failure: the exit"
									+ " status stays {}", status);
						}
						System.exit(status);
					}, "reducestream-sigterm");
					exit.start();
					return null;
				}
				case "hashCode" -> {
					return System.identityHashCode(proxy);
				}
				case "equals" -> {
					return args != null && proxy == args[0];
				}
				case "toString" -> {
					return "SigtermExit";
				}
				default -> {
					return null;
				}
			}
		}

	}

}
