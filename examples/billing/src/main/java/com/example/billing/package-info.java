/** An application that uses Roger as a library: its own job types, a resource that enqueues, an observer. */
package com.example.billing;
